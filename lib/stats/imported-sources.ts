import type { AxTraceDb } from '../log/db';
import { labelsReached, labelsSharingTasks, rebuildSources } from './import-rollback';
import { deleteTaskBlocksOf } from './task-blocks';
import { finishPending, underImportLock } from './import-lock';
import { localTaskIdsAmong, rebuildLocalTasks } from './local-task-rebuild';

/** Written before a removal deletes anything and removed after its last rebuild: its presence means "finish me". */
export const PENDING_REMOVAL_KEY = 'pendingRemoval';

/** What a removal deletes and rebuilds, planned before it begins so that it can be finished later. */
export interface PendingRemoval {
  source: string;
  /** The labels sharing tasks with it (labelsSharingTasks), rebuilt without it. */
  labels: string[];
  /** The local log's tasks its events were folded into (local-task-rebuild.ts). */
  localTasks: string[];
}

/**
 * Removes everything an import brought in, by its source label: its pages, its task blocks and
 * cells. The labels whose tasks its events were folded into, and those whose pages go on with
 * its tasks (a weekly export's task answered in the next week's file), are rebuilt without them,
 * as if it had never been imported (labelsSharingTasks), and so are the local log's tasks it
 * added to (local-task-rebuild.ts). Planned first and marked pending: a removal cut short (a
 * closed tab) is finished the next time the dashboard opens (recoverInterruptedRemoval).
 */
export function removeSource(db: AxTraceDb, source: string): Promise<number> {
  // Not while an import (in any tab) holds blocks of the label in memory to write later.
  return underImportLock(async () => {
    const { pending, events } = await planRemoval(db, source);
    await db.meta.put({ key: PENDING_REMOVAL_KEY, value: pending });
    await finishRemoval(db, pending);
    return events;
  });
}

/** What removing a label deletes and rebuilds, and how many events it holds; nothing is changed. */
export async function planRemoval(db: AxTraceDb, source: string): Promise<{ pending: PendingRemoval; events: number }> {
  const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
  const { labels, tasks, events } = await labelsReached(db, keys);
  const localTasks = await localTaskIdsAmong(db, tasks);
  // Read while its pages are there: the group also reaches the labels that only they linked to.
  const group = await labelsSharingTasks(db, labels, tasks);
  group.delete(source);
  return { pending: { source, labels: [...group], localTasks }, events };
}

/** Deletes a label's pages, blocks and cells (one transaction; nothing when done before). */
export async function deleteLabel(db: AxTraceDb, source: string): Promise<void> {
  await db.transaction('rw', [db.importedPages, db.pageLines, db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => {
    const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
    await db.importedPages.bulkDelete(keys);
    await db.pageLines.bulkDelete(keys);
    await deleteTaskBlocksOf(db, source);
    await db.cellBlocks.where('source').equals(source).delete();
  });
}

/** Every step after the plan; safe to repeat, the pending marker goes last. */
async function finishRemoval(db: AxTraceDb, pending: PendingRemoval): Promise<void> {
  await deleteLabel(db, pending.source);
  await rebuildSources(db, pending.labels);
  await rebuildLocalTasks(db, pending.localTasks);
  await db.meta.delete(PENDING_REMOVAL_KEY);
}

/** On opening the dashboard: finishes a removal that a closed tab or a crash left half-way. */
export function recoverInterruptedRemoval(db: AxTraceDb): Promise<boolean> {
  return finishPending<PendingRemoval>(db, PENDING_REMOVAL_KEY, (pending) => finishRemoval(db, pending));
}

/** Each import label and its event count (the sum of its pages' counts). */
export async function importedSources(db: AxTraceDb): Promise<{ source: string; events: number }[]> {
  const sources = (await db.importedPages.orderBy('importSource').uniqueKeys()).map(String);
  return Promise.all(
    sources.map(async (source) => {
      let events = 0;
      await db.importedPages.where('importSource').equals(source).each((head) => (events += head.count));
      return { source, events };
    }),
  );
}
