import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvents, groupByTask, localDay, type TaskFacts } from './task-facts';
import { updateCellsNow } from './cell-cache';
import { blockKey, type CellBlock } from './cell-blocks';

/** What readTaskFacts() read ahead: stored facts by task id (undefined: not stored yet), and cell blocks by key. */
export interface PriorFacts {
  tasks: ReadonlyMap<string, TaskFacts | undefined>;
  blocks: ReadonlyMap<string, CellBlock | undefined>;
}

type TaskEventLike = { taskId?: string | null; ts: number; tzOffsetMin: number };

/**
 * The stored facts of the tasks some events belong to, for updateTaskFacts(), and the daily cell
 * blocks of the days the events fall on (where a new task's cell goes, and nearly always an open
 * one's): read ahead, so the recorder can ask for them together with its other reads instead of
 * one IndexedDB round trip after another. Call inside the transaction that updates them.
 */
export async function readTaskFacts(db: AxTraceDb, events: TaskEventLike[], source = 'local'): Promise<PriorFacts> {
  const ofTasks = events.filter((e): e is TaskEventLike & { taskId: string } => typeof e.taskId === 'string');
  const ids = [...new Set(ofTasks.map((e) => e.taskId))];
  const keys = [...new Set(ofTasks.map((e) => blockKey(source, localDay(e.ts, e.tzOffsetMin))))];
  const [stored, blocks] = await Promise.all([db.tasks.bulkGet(ids), db.cellBlocks.bulkGet(keys)]);
  return { tasks: new Map(ids.map((id, i) => [id, stored[i]])), blocks: new Map(keys.map((k, i) => [k, blocks[i]])) };
}

/**
 * Folds newly stored events into the task rollups and the daily cells. Call inside the
 * transaction that stores the events, with `db.tasks` and `db.cellBlocks` in its scope, so the
 * rollups can never disagree with the log. `prior` (from readTaskFacts, in the same transaction)
 * saves reading the tasks, and the cell blocks it holds, again.
 */
export async function updateTaskFacts(db: AxTraceDb, events: AxEvent[], source = 'local', prior?: PriorFacts): Promise<void> {
  const byTask = groupByTask(events);
  if (!byTask.size) return;
  const ids = [...byTask.keys()];
  const known = prior?.tasks;
  const existing = known && ids.every((id) => known.has(id)) ? ids.map((id) => known.get(id)) : await db.tasks.bulkGet(ids);
  const next: TaskFacts[] = ids.map((id, i) => applyEvents(existing[i], byTask.get(id)!, source));
  // Issued together: IndexedDB runs a transaction's requests in order, and each await of one
  // before asking for the next is a round trip to the browser's IndexedDB process.
  await Promise.all([db.tasks.bulkPut(next), updateCells(db, existing, next, prior?.blocks)]);
}

/** Takes each task's old contribution out of its cell and puts the new one in, block by block. */
async function updateCells(db: AxTraceDb, before: (TaskFacts | undefined)[], after: TaskFacts[], preread?: PriorFacts['blocks']): Promise<void> {
  await updateCellsNow(db, before.filter((f): f is TaskFacts => f !== undefined), after, preread);
}
