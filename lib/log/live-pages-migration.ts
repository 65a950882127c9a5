import Dexie, { type Transaction } from 'dexie';
import type { AxEvent } from './schema';
import { buildLivePage } from './pages';
import { canonicalJson } from '../util/hash';

/** Events per live page the upgrade writes (the recorder's pages hold up to its batch, 500). */
const EVENTS_PER_PAGE = 500;
/** Rows read per step: the upgrade's memory is a step's rows. */
const STEP = 5000;

/**
 * Dexie v12: the log's live rows (an event each, v1–v11) become live pages, as the recorder now
 * writes them: each install's rows in seq order, a page per EVENTS_PER_PAGE events with
 * consecutive seqs. Lines are the events' canonical JSON. The rows are read STEP at a time; the old
 * table is dropped after the upgrade.
 */
export async function moveRowsToLivePages(tx: Transaction): Promise<void> {
  const rows = tx.table<AxEvent, string>('events');
  const heads = tx.table('eventPages');
  const bodies = tx.table('pageLines');
  let page: AxEvent[] = [];
  const write = async () => {
    if (!page.length) return;
    const { head, body } = buildLivePage(page, page.map((e) => canonicalJson(e)));
    page = [];
    await heads.add(head);
    await bodies.add(body);
  };
  for (let after: unknown[] = [Dexie.minKey, Dexie.minKey]; ; ) {
    const step = await rows.where('[installId+seq]').above(after).limit(STEP).toArray();
    for (const event of step) {
      const last = page.at(-1);
      if (last && (last.installId !== event.installId || last.seq + 1 !== event.seq || page.length >= EVENTS_PER_PAGE)) await write();
      page.push(event);
    }
    if (step.length < STEP) break;
    after = [step.at(-1)!.installId, step.at(-1)!.seq];
  }
  await write();
}
