import type { AxTraceDb } from '../log/db';
import { pageEvents, readBodies } from '../log/pages';
import { TaskFactsFolder } from './task-folder';
import { deleteTaskBlocksOf, parseTaskBlockKey, taskBlocksHolding } from './task-blocks';
import { finishPending } from './import-lock';
import { rebuildLocalTasks } from './local-task-rebuild';

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
 * those of earlier imports' tasks it folded events into, with every label they share tasks with —
 * are rebuilt from those sources' remaining pages, and the local log's tasks it added to from
 * the log (local-task-rebuild.ts). Safe to repeat: the pending marker goes last,
 * so an undo cut short is done again on the next open.
 */
export async function rollBackImport(db: AxTraceDb, pending: PendingImport): Promise<void> {
  const keys = await db.importedPages.where('importId').equals(pending.importId).primaryKeys();
  const reached = await labelsReached(db, keys);
  await db.transaction('rw', [db.importedPages, db.pageLines], async () => {
    await db.importedPages.bulkDelete(keys);
    await db.pageLines.bulkDelete(keys);
  });
  const ownTasks = [...reached.tasks];
  await rebuildSources(db, await labelsSharingTasks(db, [...pending.sources, ...reached.labels], reached.tasks));
  await rebuildLocalTasks(db, ownTasks);
  await db.meta.delete(PENDING_IMPORT_KEY);
}

/**
 * Drops the task blocks and cells of these import sources and folds them again from their pages,
 * all of them through one bounded cache as an import does (label by label, a few pages per
 * transaction): a task with events under two of them comes out as one task, under the first
 * label that holds it. Give it a group closed under shared tasks (labelsSharingTasks): a task
 * stored under a label outside it is treated as absent.
 */
export async function rebuildSources(db: AxTraceDb, sources: Iterable<string>): Promise<void> {
  const group = [...new Set(sources)].sort();
  if (!group.length) return;
  await db.transaction('rw', [db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => {
    for (const source of group) {
      await deleteTaskBlocksOf(db, source);
      await db.cellBlocks.where('source').equals(source).delete();
    }
  });
  const folder = new TaskFactsFolder(db, { onlySources: new Set(group) });
  for (const source of group) {
    const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
    for (let i = 0; i < keys.length; i += REBUILD_PAGES) {
      // Read before the fold's transaction: a body may be a Blob, whose read would end it.
      const bodies = await readBodies(db, keys.slice(i, i + REBUILD_PAGES));
      const events = bodies.flatMap((body) => (body ? pageEvents(body) : []));
      await db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => await folder.fold(events, source));
    }
  }
  await db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], () => folder.flush());
}

/**
 * The import labels under which these imported pages' tasks are stored (not the local log's),
 * the pages' task ids, and how many events the pages hold. The heads are read one at a time and
 * the task directory is read once. Memory: the ids (~80 bytes each; a million-event
 * import's 200k tasks, ~16 MB), kept exact so that no unrelated label is rebuilt.
 */
export async function labelsReached(db: AxTraceDb, keys: string[]): Promise<{ labels: Set<string>; tasks: Set<string>; events: number }> {
  const tasks = new Set<string>();
  let events = 0;
  for (const key of keys) {
    const head = await db.importedPages.get(key);
    if (!head) continue;
    events += head.count;
    for (const id of head.taskIds) tasks.add(id);
  }
  const labels = new Set<string>();
  if (tasks.size) for (const key of await taskBlocksHolding(db, tasks)) labels.add(parseTaskBlockKey(key).source);
  return { labels, tasks, events };
}

/**
 * The labels to rebuild together: these, the labels of the imported pages that list one of
 * `tasks` (a removed import's, which the pages left may continue), and so on through every
 * label whose pages list a task that a label already in the group has. Rebuilt apart, a task
 * with events under two labels would keep only one label's events, or be stored twice. The page
 * heads are read once (their task lists held meanwhile); `tasks` grows with the group's.
 */
export async function labelsSharingTasks(db: AxTraceDb, labels: Iterable<string>, tasks: Set<string>): Promise<Set<string>> {
  const group = new Set(labels);
  const heads: { source: string; taskIds: string[] }[] = [];
  await db.importedPages.each((head) => void heads.push({ source: head.importSource, taskIds: head.taskIds }));
  const taken = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    heads.forEach((head, i) => {
      if (taken.has(i) || !(group.has(head.source) || head.taskIds.some((id) => tasks.has(id)))) return;
      taken.add(i);
      group.add(head.source);
      for (const id of head.taskIds) tasks.add(id);
      grew = true;
    });
    // A head taken late may have added a label whose earlier heads were passed over: go round again.
  }
  return group;
}

/** On opening the dashboard: undoes an import that a closed tab or a crash left half-way. */
export function recoverInterruptedImport(db: AxTraceDb): Promise<boolean> {
  return finishPending<PendingImport>(db, PENDING_IMPORT_KEY, (pending) => rollBackImport(db, pending));
}
