import type { AxTraceDb } from '../log/db';
import { labelsReached, labelsSharingTasks, rebuildSources } from './import-rollback';
import { deleteTaskBlocksOf } from './task-blocks';
import { underImportLock } from './import-lock';
import { rebuildLocalTasks } from './local-task-rebuild';

/**
 * Removes everything an import brought in, by its source label: its pages, its task blocks and
 * cells. The labels whose tasks its events were folded into, and those whose pages go on with
 * its tasks (a weekly export's task answered in the next week's file), are rebuilt without them,
 * as if it had never been imported (labelsSharingTasks), and so are the local log's tasks it
 * added to (local-task-rebuild.ts).
 */
export function removeSource(db: AxTraceDb, source: string): Promise<number> {
  // Not while an import (in any tab) holds blocks of the label in memory to write later.
  return underImportLock(() => removeUnderLock(db, source));
}

async function removeUnderLock(db: AxTraceDb, source: string): Promise<number> {
  const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
  const { labels: others, tasks, events: removed } = await labelsReached(db, keys);
  const ownTasks = [...tasks];
  others.delete(source);
  await db.transaction('rw', [db.importedPages, db.pageLines, db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => {
    await db.importedPages.bulkDelete(keys);
    await db.pageLines.bulkDelete(keys);
    await deleteTaskBlocksOf(db, source);
    await db.cellBlocks.where('source').equals(source).delete();
  });
  await rebuildSources(db, await labelsSharingTasks(db, others, tasks));
  await rebuildLocalTasks(db, ownTasks);
  return removed;
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
