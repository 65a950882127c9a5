import type { AxTraceDb } from '../log/db';
import { pageEvents } from '../log/pages';
import { TaskFactsFolder } from './facts-store';

/** Written before an import's first batch and removed after its last: its presence means "undo me". */
export const PENDING_IMPORT_KEY = 'pendingImport';
export interface PendingImport {
  importId: string;
  sources: string[];
}
/** Held while an import runs, so another dashboard tab does not undo an import still in progress. */
export const IMPORT_LOCK = 'axtrace-team-import';

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
 * Drops the task rows and cells of these import sources and folds them again from the sources'
 * pages, a few pages per transaction, through the same bounded cache as an import.
 */
export async function rebuildSources(db: AxTraceDb, sources: string[]): Promise<void> {
  for (const source of sources) {
    await db.transaction('rw', [db.tasks, db.cellBlocks], async () => {
      await db.tasks.where('source').equals(source).delete();
      await db.cellBlocks.where('source').equals(source).delete();
    });
    // Rows of this source found while folding were written by this rebuild; any other row with the
    // same task id is another source's, and is replaced, as a rebuild always did.
    const folder = new TaskFactsFolder(db, { accept: (row) => row.source === source });
    const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
    for (let i = 0; i < keys.length; i += REBUILD_PAGES) {
      await db.transaction('rw', [db.pageLines, db.tasks, db.cellBlocks], async () => {
        const bodies = await db.pageLines.bulkGet(keys.slice(i, i + REBUILD_PAGES));
        await folder.fold(bodies.flatMap((body) => (body ? pageEvents(body) : [])), source);
      });
    }
    await db.transaction('rw', [db.tasks, db.cellBlocks], () => folder.flush());
  }
}

/**
 * The import labels of the task rows that these imported pages' tasks have (not the local log's),
 * and how many events the pages hold; a page head at a time, so memory stays flat.
 */
export async function labelsReached(db: AxTraceDb, keys: string[]): Promise<{ labels: Set<string>; events: number }> {
  const labels = new Set<string>();
  let events = 0;
  for (const key of keys) {
    const head = await db.importedPages.get(key);
    if (!head) continue;
    events += head.count;
    for (const row of await db.tasks.bulkGet(head.taskIds)) if (row && row.source !== 'local') labels.add(row.source);
  }
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
