import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvents, groupByTask, type TaskFacts } from './task-facts';
import { updateCellsNow } from './cell-cache';

/**
 * Folds newly stored events into the task rollups and the daily cells. Call inside the
 * transaction that stores the events, with `db.tasks` and `db.cellBlocks` in its scope, so the
 * rollups can never disagree with the log.
 */
export async function updateTaskFacts(db: AxTraceDb, events: AxEvent[], source = 'local'): Promise<void> {
  const byTask = groupByTask(events);
  if (!byTask.size) return;
  const ids = [...byTask.keys()];
  const existing = await db.tasks.bulkGet(ids);
  const next: TaskFacts[] = ids.map((id, i) => applyEvents(existing[i], byTask.get(id)!, source));
  await db.tasks.bulkPut(next);
  await updateCells(db, existing, next);
}

/** Takes each task's old contribution out of its cell and puts the new one in, block by block. */
async function updateCells(db: AxTraceDb, before: (TaskFacts | undefined)[], after: TaskFacts[]): Promise<void> {
  await updateCellsNow(db, before.filter((f): f is TaskFacts => f !== undefined), after);
}
