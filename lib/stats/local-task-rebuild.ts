import type { AxTraceDb } from '../log/db';
import { taskEvents } from '../log/event-store';
import type { AxEvent } from '../log/schema';
import { importedEventsOf } from './imported-events';
import { applyEvents, isTaskEvent } from './task-facts';
import { updateCellsNow } from './cell-cache';

/**
 * Folds again, from what is left, the local log's task rows (`db.tasks`) among `taskIds` after
 * imported pages listing them were removed or undone. An import folds the events of a task this
 * browser records into its row (an export of this install with events its log no longer holds);
 * the labels' rebuild (import-rollback.ts) leaves local rows alone, so without this their figures
 * would keep what the removed import brought. Each row comes from the log's own events and the
 * imported pages still listing the task, with its daily cell changed to match, in one
 * transaction with the log's pages read in it: an event the recorder adds
 * meanwhile is either in the read or waits for the write.
 */
export async function rebuildLocalTasks(db: AxTraceDb, taskIds: Iterable<string>): Promise<void> {
  for (const taskId of await localTaskIdsAmong(db, taskIds)) {
    const row = await db.tasks.get(taskId);
    // Imported bodies may be Blobs, whose read would end a transaction: read before it.
    const imported = await importedEventsOf(db, taskId, row?.installId);
    await db.transaction('rw', [db.eventPages, db.pageLines, db.tasks, db.cellBlocks], async () => {
      const [before, own] = await Promise.all([db.tasks.get(taskId), taskEvents(db, taskId)]);
      if (!before) return;
      // In chain order, as the recorder folded them (the first names the task's site and person).
      const events = withoutRepeats([...own, ...imported].sort((a, b) => a.seq - b.seq)).filter(isTaskEvent);
      const after = events.length ? applyEvents(undefined, events, 'local') : null;
      await Promise.all([after ? db.tasks.put(after) : db.tasks.delete(taskId), updateCellsNow(db, [before], after ? [after] : [])]);
    });
  }
}

/** Which of these tasks are the local log's (rows in `db.tasks`): a few, among an import's many. */
export async function localTaskIdsAmong(db: AxTraceDb, taskIds: Iterable<string>): Promise<string[]> {
  const local = new Set((await db.tasks.toCollection().primaryKeys()) as string[]);
  return [...new Set(taskIds)].filter((id) => local.has(id));
}

/** Each event once (an imported page and the log can both hold one only if the log got it later). */
function withoutRepeats(events: AxEvent[]): AxEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.id) && (seen.add(e.id), true));
}
