import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvent, isTaskEvent, type TaskFacts } from './task-facts';
import { contribution, emptyCellLike, mergeCell, type Cell } from './cells';
import { blockKey, blockOf, type CellBlock } from './cell-blocks';
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
  await updateCellsOf(db, before.flatMap((f) => (f ? [contribution(f)] : [])), after.map(contribution));
}

/** The same from the contributions: `out` taken out of the stored blocks, `into` put in. */
async function updateCellsOf(db: AxTraceDb, out: Cell[], into: Cell[]): Promise<void> {
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
 * The task rollups of a bulk import (or a rebuild), folded in memory across batches and each row
 * written once instead of once per batch: a write-back cache of at most `max` tasks, least recently
 * folded first out. A task's events usually sit together in a file (a person finishes a task before
 * the next), so a few thousand tasks held is enough for each to be written once; a task seen again
 * after it went out is read back and folded on, so the result never depends on the order. The
 * daily cell blocks those rows feed are held the same way (at most `maxBlocks`, each read once and
 * written when it goes out) — except the local log's, which the recorder writes meanwhile and which
 * are updated in place. Call fold() and flush() inside transactions that have `db.tasks` and
 * `db.cellBlocks` in scope. Memory: `max` task rows and `maxBlocks` blocks, whatever the size of
 * the files.
 */
export class TaskFactsFolder {
  private held = new Map<string, Folded>();
  private blocks = new Map<string, Map<string, Cell>>();
  /** Task rows written so far. */
  written = 0;

  constructor(
    private db: AxTraceDb,
    private options: {
      max?: number;
      maxBlocks?: number;
      /** Which stored rows to fold into; others are treated as absent and overwritten (a rebuild's). */
      accept?(stored: TaskFacts): boolean;
    } = {},
  ) {}

  async fold(events: AxEvent[], source: string): Promise<void> {
    const byTask = groupByTask(events);
    if (!byTask.size) return;
    const missing = [...byTask.keys()].filter((id) => !this.held.has(id));
    if (missing.length) {
      const stored = await this.storedRows(missing);
      for (const id of missing) {
        const row = stored.get(id);
        const accepted = row && (!this.options.accept || this.options.accept(row)) ? row : undefined;
        this.held.set(id, { before: accepted, facts: accepted! });
      }
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

  /** Writes every task and cell block still held. */
  async flush(): Promise<void> {
    await this.writeOut(this.held.size);
    await this.writeBlocks(this.blocks.size);
  }

  /**
   * The stored rows among these task ids. A bulk import's tasks are mostly new, and looking up a
   * missing key costs about as much as reading a row, so the keys present between the smallest
   * and largest id are listed first (task ids are ULIDs: a batch's are close together) and only
   * those read; when that range holds many other tasks, the ids are looked up directly.
   */
  private async storedRows(ids: string[]): Promise<Map<string, TaskFacts>> {
    const sorted = [...ids].sort();
    const limit = 4 * sorted.length + 16;
    const present = await this.db.tasks.where(':id').between(sorted[0], sorted[sorted.length - 1], true, true).limit(limit).primaryKeys();
    const wanted = new Set(ids);
    const lookup = present.length >= limit ? ids : present.filter((k) => wanted.has(k));
    const rows = lookup.length ? await this.db.tasks.bulkGet(lookup) : [];
    const out = new Map<string, TaskFacts>();
    rows.forEach((row, i) => row && out.set(lookup[i], row));
    return out;
  }

  private async writeOut(count: number): Promise<void> {
    const out: Folded[] = [];
    for (const [id, entry] of this.held) {
      if (out.length >= count) break;
      out.push(entry);
      this.held.delete(id);
    }
    if (!out.length) return;
    await Promise.all([this.db.tasks.bulkPut(out.map((e) => e.facts)), this.foldCells(out)]);
    this.written += out.length;
  }

  /** Each task's old contribution out of its cell and the new one in, in the held blocks. */
  private async foldCells(out: Folded[]): Promise<void> {
    const minus = out.flatMap((e) => (e.before ? [contribution(e.before)] : []));
    const plus = out.map((e) => contribution(e.facts));
    const isLocal = (c: Cell) => c.source === 'local';
    // The recorder's blocks: read, changed and written in this transaction, never held.
    if (minus.some(isLocal) || plus.some(isLocal)) await updateCellsOf(this.db, minus.filter(isLocal), plus.filter(isLocal));
    const unread = [...new Set([...minus, ...plus].filter((c) => !isLocal(c)).map((c) => blockKey(c.source, c.day)))].filter((k) => !this.blocks.has(k));
    if (unread.length) {
      const stored = await this.db.cellBlocks.bulkGet(unread);
      unread.forEach((k, i) => this.blocks.set(k, new Map((stored[i] ? unpack(stored[i]!.cells) : []).map((c) => [c.key, c]))));
    }
    const cellsOf = (c: Cell) => {
      const k = blockKey(c.source, c.day);
      const cells = this.blocks.get(k)!;
      // Re-inserted: least recently used first out, as for tasks.
      this.blocks.delete(k);
      this.blocks.set(k, cells);
      return cells;
    };
    for (const c of minus) {
      if (isLocal(c)) continue;
      const cell = cellsOf(c).get(c.key);
      if (cell) mergeCell(cell, c, -1);
    }
    for (const c of plus) {
      if (isLocal(c)) continue;
      const cells = cellsOf(c);
      cells.set(c.key, mergeCell(cells.get(c.key) ?? emptyCellLike(c), c));
    }
    const maxBlocks = this.options.maxBlocks ?? 64;
    if (this.blocks.size > maxBlocks) await this.writeBlocks(this.blocks.size - Math.floor(maxBlocks / 2));
  }

  private async writeBlocks(count: number): Promise<void> {
    const put: CellBlock[] = [];
    const empty: string[] = [];
    for (const [k, cells] of this.blocks) {
      if (put.length + empty.length >= count) break;
      this.blocks.delete(k);
      const list = [...cells.values()].filter((c) => c.n.tasks > 0);
      if (list.length) put.push(blockOf(list[0].source, list[0].day, list));
      else empty.push(k);
    }
    await Promise.all([put.length && this.db.cellBlocks.bulkPut(put), empty.length && this.db.cellBlocks.bulkDelete(empty)]);
  }
}
