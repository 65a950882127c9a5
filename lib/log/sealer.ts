import Dexie from 'dexie';
import type { AxTraceDb } from './db';
import { buildPage, pageKey, PAGE_SIZE } from './pages';
import { rowRanges } from './event-store';
import { canonicalEventJson } from '../export/canonical-event';
import { leafHashesOf } from '../export/merkle';

/**
 * How old an event must be before it is sealed into a page. Live rows serve what happens while a
 * task is open (a decision must name a suggestion shown in its task, a resend is deduplicated by
 * id); two days is far past any open tab's outbox and any task still being worked on, and the
 * readers in lib/log/event-store.ts look at both homes anyway.
 */
export const SEAL_HORIZON_MS = 2 * 86_400_000;

export interface SealOptions {
  now?: number;
  horizonMs?: number;
  pageSize?: number;
  /** Pages sealed per call at most, so one call never holds the log for long. */
  maxPages?: number;
}

/**
 * Moves the oldest live rows of each install into sealed pages, a full page at a time and only
 * when every event of it is past the horizon, in chain order. Each page is written and its rows
 * deleted in one transaction: a stopped service worker leaves either the rows or the page, never
 * both or neither. The rollups are not touched: they already hold these events.
 */
export async function sealOldEvents(db: AxTraceDb, { now = Date.now(), horizonMs = SEAL_HORIZON_MS, pageSize = PAGE_SIZE, maxPages = 100 }: SealOptions = {}): Promise<number> {
  const cutoff = now - horizonMs;
  let sealed = 0;
  for (const { installId } of await rowRanges(db)) {
    while (sealed < maxPages && (await sealOnePage(db, installId, cutoff, pageSize))) sealed++;
  }
  return sealed;
}

async function sealOnePage(db: AxTraceDb, installId: string, cutoff: number, pageSize: number): Promise<boolean> {
  const install = () => db.events.where('[installId+seq]').between([installId, Dexie.minKey], [installId, Dexie.maxKey]);
  // This runs at every service-worker start: the page's last row is looked at first, and the page
  // is read only when there are enough rows and that one is past the horizon (rows are nearly in
  // time order; the full check below decides).
  const lastOfPage = await install().offset(pageSize - 1).first();
  if (!lastOfPage || lastOfPage.ts >= cutoff) return false;
  return db.transaction('rw', [db.events, db.eventPages, db.pageLines], async () => {
    const rows = await install().limit(pageSize).toArray();
    if (rows.length < pageSize || rows.some((e) => e.ts >= cutoff)) return false;
    const lines = rows.map(canonicalEventJson);
    const { head, body } = buildPage(pageKey(installId, rows[0].seq), rows, lines, leafHashesOf(lines));
    await db.eventPages.add(head);
    await db.pageLines.add(body);
    await db.events.bulkDelete(rows.map((e) => e.id));
    return true;
  });
}
