import type { AxTraceDb } from '../../lib/log/db';
import type { AxEvent } from '../../lib/log/schema';
import { allChainBatches } from '../../lib/log/event-store';
import { canonicalEventJson } from '../../lib/export/canonical-event';
import { buildLivePage, inMemory, pageLines } from '../../lib/log/pages';

/** Stores events as the recorder leaves them: live pages of up to `perPage` events with consecutive seqs, per install. */
export async function storeLivePages(db: AxTraceDb, events: AxEvent[], perPage = 500): Promise<void> {
  const sorted = [...events].sort((a, b) => (a.installId < b.installId ? -1 : a.installId > b.installId ? 1 : a.seq - b.seq));
  const pages: AxEvent[][] = [];
  for (const e of sorted) {
    const page = pages.at(-1);
    const last = page?.at(-1);
    if (page && last && last.installId === e.installId && last.seq + 1 === e.seq && page.length < perPage) page.push(e);
    else pages.push([e]);
  }
  await db.transaction('rw', [db.eventPages, db.pageLines], async () => {
    for (const page of pages) {
      const { head, body } = buildLivePage(page, page.map(canonicalEventJson));
      await db.eventPages.add(head);
      await db.pageLines.add(body);
    }
  });
}

/** Every event of the local log, in chain order. */
export async function storedEvents(db: AxTraceDb): Promise<AxEvent[]> {
  const out: AxEvent[] = [];
  for await (const batch of allChainBatches(db)) out.push(...batch.events);
  return out;
}

/** Rewrites a stored event in its page, as someone editing the database would. */
export async function rewriteStoredEvent(db: AxTraceDb, changed: AxEvent): Promise<void> {
  const [head] = await db.eventPages.where('[installId+toSeq]').between([changed.installId, changed.seq], [changed.installId, Infinity]).limit(1).toArray();
  const body = (await db.pageLines.get(head.key))!;
  const lines = pageLines(inMemory(body));
  lines[changed.seq - head.fromSeq] = canonicalEventJson(changed);
  await db.pageLines.put({ ...body, lines: lines.join('\n') });
}
