import Dexie from 'dexie';
import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { labelsReached, labelsSharingTasks, rebuildSources } from './import-rollback';
import { pageLines, readBodies } from '../log/pages';
import { deleteTaskBlocksOf } from './task-blocks';
import { underImportLock } from './import-lock';

/**
 * Removes everything an import brought in, by its source label: its pages, its task blocks and
 * cells. The labels whose tasks its events were folded into, and those whose pages go on with
 * its tasks (a weekly export's task answered in the next week's file), are rebuilt without them,
 * as if it had never been imported (labelsSharingTasks).
 */
export function removeSource(db: AxTraceDb, source: string): Promise<number> {
  // Not while an import (in any tab) holds blocks of the label in memory to write later.
  return underImportLock(() => removeUnderLock(db, source));
}

async function removeUnderLock(db: AxTraceDb, source: string): Promise<number> {
  const keys = await db.importedPages.where('importSource').equals(source).primaryKeys();
  const { labels: others, tasks, events: removed } = await labelsReached(db, keys);
  others.delete(source);
  await db.transaction('rw', [db.importedPages, db.pageLines, db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => {
    await db.importedPages.bulkDelete(keys);
    await db.pageLines.bulkDelete(keys);
    await deleteTaskBlocksOf(db, source);
    await db.cellBlocks.where('source').equals(source).delete();
  });
  await rebuildSources(db, await labelsSharingTasks(db, others, tasks));
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

/**
 * A task's imported events: the pages whose heads list the task — its install's, when known (a
 * task's events are all its install's), else all — and its lines in them.
 */
export async function importedEventsOf(db: AxTraceDb, taskId: string, installId?: string): Promise<AxEvent[]> {
  const heads = installId ? db.importedPages.where('[installId+toSeq]').between([installId, Dexie.minKey], [installId, Dexie.maxKey]) : db.importedPages.toCollection();
  const keys = await heads.filter((head) => head.taskIds.includes(taskId)).primaryKeys();
  const bodies = await readBodies(db, keys);
  const events: AxEvent[] = [];
  for (const body of bodies) {
    if (!body) continue;
    // Only lines naming the task are parsed (its id can also appear as another field's value: checked after).
    for (const line of pageLines(body)) {
      if (!line.includes(taskId)) continue;
      const event = JSON.parse(line) as AxEvent;
      if (event.taskId === taskId) events.push(event);
    }
  }
  return events;
}
