import type { AxTraceDb } from '../log/db';
import { pageEvents } from '../log/pages';
import { TaskFactsFolder } from './task-folder';
import { IdFilter } from './id-filter';
import { deleteTaskBlocksOf, parseTaskBlockKey } from './task-blocks';
import { IMPORT_LOCK } from './import-lock';

/** Written before an import's first batch and removed after its last: its presence means "undo me". */
export const PENDING_IMPORT_KEY = 'pendingImport';
export interface PendingImport {
  importId: string;
  sources: string[];
}
/** Imported pages read per transaction while rollups are rebuilt. */
const REBUILD_PAGES = 8;

/**
 * Undoes an import that did not finish (a bad line half-way, a full disk, a closed tab): its
 * pages go, and the task rollups and cells of the sources it touched — its own files' labels and
 * those of earlier imports' tasks it folded events into — are rebuilt from those sources' remaining
 * pages. Safe to repeat: the pending marker goes last, so an undo cut short is done again on the
 * next open.
 */
export async function rollBackImport(db: AxTraceDb, pending: PendingImport): Promise<void> {
  const keys = await db.importedPages.where('importId').equals(pending.importId).primaryKeys();
  const sources = new Set([...pending.sources, ...(await labelsReached(db, keys)).labels]);
  await db.transaction('rw', [db.importedPages, db.pageLines], async () => {
    await db.importedPages.bulkDelete(keys);
    await db.pageLines.bulkDelete(keys);
  });
  await rebuildSources(db, [...sources]);
  await db.meta.delete(PENDING_IMPORT_KEY);
}

/**
 * Drops the task blocks and cells of these import sources and folds them again from the sources'
 * pages, a few pages per transaction, through the same bounded cache as an import.
 */
export async function rebuildSources(db: AxTraceDb, sources: string[]): Promise<void> {
  for (const source of sources) {
    await db.transaction('rw', [db.taskBlocks, db.cellBlocks], async () => {
      await deleteTaskBlocksOf(db, source);
      await db.cellBlocks.where('source').equals(source).delete();
    });
    const folder = new TaskFactsFolder(db, { onlySource: source });
    const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
    for (let i = 0; i < keys.length; i += REBUILD_PAGES) {
      await db.transaction('rw', [db.pageLines, db.tasks, db.taskBlocks, db.cellBlocks], async () => {
        const bodies = await db.pageLines.bulkGet(keys.slice(i, i + REBUILD_PAGES));
        await folder.fold(bodies.flatMap((body) => (body ? pageEvents(body) : [])), source);
      });
    }
    await db.transaction('rw', [db.tasks, db.taskBlocks, db.cellBlocks], () => folder.flush());
  }
}

/**
 * The import labels under which these imported pages' tasks are stored (not the local log's), and
 * how many events the pages hold. The pages' task ids go into an IdFilter (a page head at a time,
 * so memory stays small) and the task blocks' index is walked once: a "maybe" of the filter can
 * only add a label to rebuild, which changes nothing but the work.
 */
export async function labelsReached(db: AxTraceDb, keys: string[]): Promise<{ labels: Set<string>; events: number }> {
  const tasks = new IdFilter();
  let events = 0;
  for (const key of keys) {
    const head = await db.importedPages.get(key);
    if (!head) continue;
    events += head.count;
    for (const id of head.taskIds) tasks.add(id);
  }
  const labels = new Set<string>();
  if (tasks.size) await db.taskBlocks.orderBy('taskIds').eachKey((id, cursor) => void (tasks.mayHave(String(id)) && labels.add(parseTaskBlockKey(String(cursor.primaryKey)).source)));
  return { labels, events };
}

/** On opening the dashboard: undoes an import that a closed tab or a crash left half-way. */
export async function recoverInterruptedImport(db: AxTraceDb): Promise<boolean> {
  const run = async () => {
    const row = await db.meta.get(PENDING_IMPORT_KEY);
    if (!row) return false;
    await rollBackImport(db, row.value as PendingImport);
    return true;
  };
  if (typeof navigator === 'undefined' || !navigator.locks) return run();
  return navigator.locks.request(IMPORT_LOCK, { ifAvailable: true }, (lock) => (lock ? run() : false));
}
