import type { AxTraceDb } from '../log/db';
import { cutPage, importedPageKey, inMemory, readBodies, type ReadBody } from '../log/pages';
import { deleteTaskBlocks, factsOfBlock, putTaskBlocks, taskBlockOf } from './task-blocks';

/**
 * Retention for imported team data: a team lead's browser keeps its staff's events no longer
 * than its own. Imported events before `cutoff` go, oldest first in each page's chain order (a
 * page the cutoff falls in is rewritten from its first event at or after it, under that event's
 * seq), and imported tasks that began before `cutoffDay` go from their blocks (a block is
 * rewritten without them, or deleted when they were all it held). The days' cells, every
 * source's, are the caller's to delete. Call inside a transaction over importedPages, pageLines,
 * taskBlocks and taskDirectory, holding the import lock (underImportLock): an import's folder
 * holds task blocks in memory between its batches. `toCut`: the bodies of the pages the cutoff
 * falls in, read before the transaction (importedBodiesToCut).
 */
export async function purgeImportedBefore(db: AxTraceDb, cutoff: number, cutoffDay: string, toCut: ReadonlyMap<string, ReadBody>): Promise<void> {
  await purgeImportedPages(db, cutoff, toCut);
  await purgeImportedTasks(db, cutoffDay);
}

/**
 * The bodies of the imported pages that `cutoff` falls in (some of their events go, some stay),
 * read: a body may be a Blob (lib/log/pages.ts), which cannot be read inside the purge's
 * transaction. Call holding the import lock, so that no page changes before the purge.
 */
export async function importedBodiesToCut(db: AxTraceDb, cutoff: number): Promise<Map<string, ReadBody>> {
  const keys = await db.importedPages.where('fromTs').below(cutoff).filter((head) => head.toTs >= cutoff).primaryKeys();
  return new Map((await readBodies(db, keys)).flatMap((body) => (body ? [[body.key, body] as const] : [])));
}

async function purgeImportedPages(db: AxTraceDb, cutoff: number, toCut: ReadonlyMap<string, ReadBody>): Promise<void> {
  for (const head of await db.importedPages.where('fromTs').below(cutoff).toArray()) {
    // A page wholly before the cutoff goes unread.
    const stored = head.toTs < cutoff ? undefined : (toCut.get(head.key) ?? (await db.pageLines.get(head.key)));
    const body = stored && inMemory(stored);
    const { purged, rest } = body ? cutPage(body, cutoff, (seq) => importedPageKey(head.importId, head.installId, seq)) : { purged: null, rest: null };
    if (purged?.length === 0) continue;
    await db.importedPages.delete(head.key);
    await db.pageLines.delete(head.key);
    if (!rest) continue;
    await db.importedPages.add({ ...rest.head, importId: head.importId, importSource: head.importSource });
    await db.pageLines.add(rest.body);
  }
}

async function purgeImportedTasks(db: AxTraceDb, cutoffDay: string): Promise<void> {
  await deleteTaskBlocks(db, await db.taskBlocks.where('toDay').below(cutoffDay).primaryKeys());
  const cut = await db.taskBlocks.where('fromDay').below(cutoffDay).toArray();
  await putTaskBlocks(db, cut.map((block) => taskBlockOf(block.key, factsOfBlock(block).filter((f) => f.day >= cutoffDay))));
}
