import Dexie from 'dexie';
import { readChainHeads, type AxTraceDb } from './db';
import type { AxEvent } from './schema';
import { buildLivePage, buildPage, inMemory, isLive, pageKey, pageLines, PAGE_SIZE, type PageHead } from './pages';
import { leafHashesOf } from '../export/merkle';

/**
 * How old an event must be before it is sealed into a full page. Live pages serve what happens
 * while a task is open (a decision must name a suggestion shown in its task, a resend is turned
 * away by its id); two days is far past any open tab's outbox and any task still being worked on,
 * and the readers in lib/log/event-store.ts read both kinds of page anyway.
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
 * Packs the oldest live pages of each install (the recorder's, one per transaction, from one
 * event to a few hundred) into sealed pages of `pageSize` events, in chain order, a full page at
 * a time and only when every event of it is past the horizon. A live page cut by the end of a
 * sealed one stays live with the events after the cut. Each sealed page is written and the live
 * pages it replaces deleted in one transaction: a stopped service worker leaves either, never
 * both or neither. The rollups are not touched: they already hold these events.
 */
export async function sealOldEvents(db: AxTraceDb, { now = Date.now(), horizonMs = SEAL_HORIZON_MS, pageSize = PAGE_SIZE, maxPages = 100 }: SealOptions = {}): Promise<number> {
  const cutoff = now - horizonMs;
  let sealed = 0;
  for (const installId of Object.keys(await readChainHeads(db))) {
    while (sealed < maxPages && (await sealOnePage(db, installId, cutoff, pageSize))) sealed++;
  }
  return sealed;
}

/** An install's live pages in chain order: the newest pages, back to the last sealed one. */
async function liveHeads(db: AxTraceDb, installId: string): Promise<PageHead[]> {
  const newestFirst = await db.eventPages
    .where('[installId+fromSeq]')
    .between([installId, Dexie.minKey], [installId, Dexie.maxKey])
    .reverse()
    .until((h) => !isLive(h))
    .toArray();
  return newestFirst.reverse();
}

/** The live pages of an install in chain order, up to the one that brings them to `pageSize` events. */
function livePagesFilling(heads: PageHead[], pageSize: number): PageHead[] | null {
  const out: PageHead[] = [];
  let count = 0;
  for (const head of heads) {
    out.push(head);
    if ((count += head.count) >= pageSize) return out;
  }
  return null;
}

async function sealOnePage(db: AxTraceDb, installId: string, cutoff: number, pageSize: number): Promise<boolean> {
  // This runs at every service-worker start: the live heads are looked at first, and the pages are
  // read only when there are enough events and all but the last page's are past the horizon (the
  // full check below decides, event by event).
  const first = livePagesFilling(await liveHeads(db, installId), pageSize);
  if (!first || first.slice(0, -1).some((h) => h.toTs >= cutoff) || first.at(-1)!.fromTs >= cutoff) return false;
  return db.transaction('rw', [db.eventPages, db.pageLines], async () => {
    const live = livePagesFilling(await liveHeads(db, installId), pageSize);
    if (!live) return false;
    const bodies = await db.pageLines.bulkGet(live.map((h) => h.key));
    const events: AxEvent[] = [];
    const lines: string[] = [];
    bodies.forEach((body, i) => {
      if (!body) throw new Error(`live page ${live[i].key} has no body`);
      for (const line of pageLines(inMemory(body))) lines.push(line), events.push(JSON.parse(line) as AxEvent);
    });
    if (events.slice(0, pageSize).some((e) => e.ts >= cutoff)) return false;
    const sealedLines = lines.slice(0, pageSize);
    const page = buildPage(pageKey(installId, events[0].seq), events.slice(0, pageSize), sealedLines, leafHashesOf(sealedLines));
    await db.eventPages.bulkDelete(live.map((h) => h.key));
    await db.pageLines.bulkDelete(live.map((h) => h.key));
    await db.eventPages.add(page.head);
    await db.pageLines.add(page.body);
    if (events.length > pageSize) {
      // The rest of the last live page stays live, under its new first seq.
      const rest = events.slice(pageSize);
      const restPage = buildLivePage(rest, lines.slice(pageSize));
      await db.eventPages.add(restPage.head);
      await db.pageLines.add(restPage.body);
    }
    return true;
  });
}
