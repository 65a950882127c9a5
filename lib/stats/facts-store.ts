import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvent, isTaskEvent, type TaskFacts } from './task-facts';
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
  const next: TaskFacts[] = ids.map((id, i) => {
    let facts = existing[i];
    for (const e of byTask.get(id)!) facts = applyEvent(facts, e, source);
    return facts!;
  });
  await db.tasks.bulkPut(next);
  await updateCells(db, existing, next);
}

function groupByTask(events: AxEvent[]): Map<string, (AxEvent & { taskId: string })[]> {
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
  const out = before.flatMap((f) => (f ? [contribution(f)] : []));
  const into = after.map(contribution);
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

interface Folded {
  /** The row as stored when this fold first read it (its contribution comes out of the cells on write). */
  before: TaskFacts | undefined;
  facts: TaskFacts;
}

/**
 * The task rollups of a bulk import (or a rebuild), folded in memory across batches and each
 * written once instead of once per batch: a write-back cache of at most `max` tasks, least recently
 * folded first out. A task's events usually sit together in a file (a person finishes a task before
 * the next), so a few thousand tasks held is enough for each to be written once; a task seen again
 * after it went out is read back and folded on, so the result never depends on the order. Call
 * fold() and flush() inside transactions that have `db.tasks` and `db.cellBlocks` in scope. Memory:
 * `max` task rows, whatever the size of the files.
 */
export class TaskFactsFolder {
  private held = new Map<string, Folded>();
  /** Rows written so far (each task row once per time it leaves the cache). */
  written = 0;

  constructor(
    private db: AxTraceDb,
    private options: {
      max?: number;
      /** Which stored rows to fold into; others are treated as absent and overwritten (a rebuild's). */
      accept?(stored: TaskFacts): boolean;
    } = {},
  ) {}

  get size(): number {
    return this.held.size;
  }

  async fold(events: AxEvent[], source: string): Promise<void> {
    const byTask = groupByTask(events);
    if (!byTask.size) return;
    const missing = [...byTask.keys()].filter((id) => !this.held.has(id));
    if (missing.length) {
      const stored = await this.db.tasks.bulkGet(missing);
      missing.forEach((id, i) => {
        const row = stored[i] && (!this.options.accept || this.options.accept(stored[i]!)) ? stored[i] : undefined;
        this.held.set(id, { before: row, facts: row! });
      });
    }
    for (const [id, list] of byTask) {
      const entry = this.held.get(id)!;
      // Re-inserted: the Map's order is then the order of last use.
      this.held.delete(id);
      this.held.set(id, entry);
      let facts = entry.facts;
      for (const e of list) facts = applyEvent(facts, e, source);
      entry.facts = facts;
    }
    const max = this.options.max ?? 4000;
    if (this.held.size > max) await this.writeOut(this.held.size - Math.floor(max / 2));
  }

  /** Writes every task still held. */
  async flush(): Promise<void> {
    await this.writeOut(this.held.size);
  }

  private async writeOut(count: number): Promise<void> {
    const out: Folded[] = [];
    for (const [id, entry] of this.held) {
      if (out.length >= count) break;
      out.push(entry);
      this.held.delete(id);
    }
    if (!out.length) return;
    await this.db.tasks.bulkPut(out.map((e) => e.facts));
    await updateCells(this.db, out.map((e) => e.before), out.map((e) => e.facts));
    this.written += out.length;
  }
}
