import type { AxTraceDb } from '../log/db';
import { emptyCellLike, mergeCell, type Cell } from './cells';
import { blockKey, blockOf, type CellBlock } from './cell-blocks';
import { unpack } from './packed-cells';

/**
 * Takes each `out` contribution out of its cell and puts each `into` one in, in the stored blocks,
 * now: the recorder's way, in its transaction.
 */
export async function updateCellsNow(db: AxTraceDb, out: Cell[], into: Cell[]): Promise<void> {
  const cells = new HeldCells(db, Infinity, true);
  await cells.apply(out, into);
  await cells.flush();
}

/**
 * The daily cell blocks a bulk fold (an import, a rebuild) changes, held in memory: each read
 * once and written when it goes out (least recently used first, at most `maxBlocks` held) — except
 * the local log's, which the recorder writes meanwhile and which are updated in place (unless
 * `holdLocal`: updateCellsNow). Call apply() and flush() inside transactions that have
 * `db.cellBlocks` in scope.
 */
export class HeldCells {
  private blocks = new Map<string, Map<string, Cell>>();

  constructor(
    private db: AxTraceDb,
    private maxBlocks = 64,
    private holdLocal = false,
  ) {}

  /** Takes the `minus` contributions out of their cells and puts the `plus` ones in. */
  async apply(minus: Cell[], plus: Cell[]): Promise<void> {
    const inPlace = (c: Cell) => !this.holdLocal && c.source === 'local';
    if (minus.some(inPlace) || plus.some(inPlace)) await updateCellsNow(this.db, minus.filter(inPlace), plus.filter(inPlace));
    const held = (c: Cell) => !inPlace(c);
    const unread = [...new Set([...minus, ...plus].filter(held).map((c) => blockKey(c.source, c.day)))].filter((k) => !this.blocks.has(k));
    // Awaited also when empty: an await on Dexie's own promise keeps the caller's transaction.
    const stored = await this.db.cellBlocks.bulkGet(unread);
    unread.forEach((k, i) => this.blocks.set(k, new Map((stored[i] ? unpack(stored[i]!.cells) : []).map((c) => [c.key, c]))));
    for (const c of minus.filter(held)) {
      const cell = this.cellsOf(c).get(c.key);
      if (cell) mergeCell(cell, c, -1);
    }
    for (const c of plus.filter(held)) {
      const cells = this.cellsOf(c);
      cells.set(c.key, mergeCell(cells.get(c.key) ?? emptyCellLike(c), c));
    }
    if (this.blocks.size > this.maxBlocks) await this.write(this.blocks.size - Math.floor(this.maxBlocks / 2));
  }

  async flush(): Promise<void> {
    await this.write(this.blocks.size);
  }

  /** A cell's block, moved to the back: least recently used first out. */
  private cellsOf(c: Cell): Map<string, Cell> {
    const k = blockKey(c.source, c.day);
    const cells = this.blocks.get(k)!;
    this.blocks.delete(k);
    this.blocks.set(k, cells);
    return cells;
  }

  private async write(count: number): Promise<void> {
    const put: CellBlock[] = [];
    const empty: string[] = [];
    for (const [k, cells] of this.blocks) {
      if (put.length + empty.length >= count) break;
      this.blocks.delete(k);
      const list = [...cells.values()].filter((c) => c.n.tasks > 0);
      if (list.length) put.push(blockOf(list[0].source, list[0].day, list));
      else empty.push(k);
    }
    await Promise.all([this.db.cellBlocks.bulkPut(put), this.db.cellBlocks.bulkDelete(empty)]);
  }
}
