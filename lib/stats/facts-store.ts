import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvents, isTaskEvent, type TaskFacts } from './task-facts';
import { contribution, emptyCellLike, mergeCell, type Cell } from './cells';
import { blockKey, blockOf } from './cell-blocks';
import { unpack } from './packed-cells';

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

export function groupByTask(events: AxEvent[]): Map<string, (AxEvent & { taskId: string })[]> {
  const byTask = new Map<string, (AxEvent & { taskId: string })[]>();
  for (const e of events) {
    if (!isTaskEvent(e)) continue;
    const list = byTask.get(e.taskId);
    if (list) list.push(e);
    else byTask.set(e.taskId, [e]);
  }
  return byTask;
}

/** Takes each task's old contribution out of its cell and puts the new one in, block by block. */
async function updateCells(db: AxTraceDb, before: (TaskFacts | undefined)[], after: TaskFacts[]): Promise<void> {
  await updateCellsOf(db, before.flatMap((f) => (f ? [contribution(f)] : [])), after.map(contribution));
}

/** The same from the contributions: `out` taken out of the stored blocks, `into` put in. */
export async function updateCellsOf(db: AxTraceDb, out: Cell[], into: Cell[]): Promise<void> {
  const blockKeys = [...new Set([...out, ...into].map((c) => blockKey(c.source, c.day)))];
  const stored = await db.cellBlocks.bulkGet(blockKeys);
  const cells = new Map<string, Cell>();
  for (const block of stored) if (block) for (const c of unpack(block.cells)) cells.set(c.key, c);
  for (const c of out) if (cells.has(c.key)) mergeCell(cells.get(c.key)!, c, -1);
  for (const c of into) cells.set(c.key, mergeCell(cells.get(c.key) ?? emptyCellLike(c), c));
  const byBlock = new Map<string, Cell[]>(blockKeys.map((k) => [k, []]));
  for (const c of cells.values()) if (c.n.tasks > 0) byBlock.get(blockKey(c.source, c.day))!.push(c);
  const empty = [...byBlock].filter(([, list]) => !list.length).map(([k]) => k);
  await db.cellBlocks.bulkPut([...byBlock.values()].filter((list) => list.length).map((list) => blockOf(list[0].source, list[0].day, list)));
  if (empty.length) await db.cellBlocks.bulkDelete(empty);
}
