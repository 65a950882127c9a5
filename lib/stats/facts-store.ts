import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvents, groupByTask, type TaskFacts } from './task-facts';
import { updateCellsNow } from './cell-cache';

/** Stored facts by task id (undefined: a task not stored yet), read ahead by readTaskFacts(). */
export type PriorFacts = ReadonlyMap<string, TaskFacts | undefined>;

/**
 * The stored facts of the tasks some events belong to, for updateTaskFacts(): read ahead, so the
 * recorder can ask for them together with its other reads instead of one IndexedDB round trip
 * after another.
 */
export async function readTaskFacts(db: AxTraceDb, events: { taskId?: string | null }[]): Promise<PriorFacts> {
  const ids = [...new Set(events.map((e) => e.taskId).filter((id): id is string => typeof id === 'string'))];
  const stored = await db.tasks.bulkGet(ids);
  return new Map(ids.map((id, i) => [id, stored[i]]));
}

/**
 * Folds newly stored events into the task rollups and the daily cells. Call inside the
 * transaction that stores the events, with `db.tasks` and `db.cellBlocks` in its scope, so the
 * rollups can never disagree with the log. `prior` (from readTaskFacts, in the same transaction)
 * saves reading the tasks again.
 */
export async function updateTaskFacts(db: AxTraceDb, events: AxEvent[], source = 'local', prior?: PriorFacts): Promise<void> {
  const byTask = groupByTask(events);
  if (!byTask.size) return;
  const ids = [...byTask.keys()];
  const existing = prior && ids.every((id) => prior.has(id)) ? ids.map((id) => prior.get(id)) : await db.tasks.bulkGet(ids);
  const next: TaskFacts[] = ids.map((id, i) => applyEvents(existing[i], byTask.get(id)!, source));
  // Issued together: IndexedDB runs a transaction's requests in order, and each await of one
  // before asking for the next is a round trip to the browser's IndexedDB process.
  await Promise.all([db.tasks.bulkPut(next), updateCells(db, existing, next)]);
}

/** Takes each task's old contribution out of its cell and puts the new one in, block by block. */
async function updateCells(db: AxTraceDb, before: (TaskFacts | undefined)[], after: TaskFacts[]): Promise<void> {
  await updateCellsNow(db, before.filter((f): f is TaskFacts => f !== undefined), after);
}
