import type { AxTraceDb } from '../log/db';
import { emptyCellLike, mergeCell, type Cell } from './cells';
import { blockKey, blockOf, type CellBlock } from './cell-blocks';
import { unpack } from './packed-cells';
import { updateCellsOf } from './facts-store';

/**
 * The daily cell blocks a bulk fold (an import, a rebuild) changes, held in memory: each read
 * once and written when it goes out (least recently used first, at most `maxBlocks` held) — except
 * the local log's, which the recorder writes meanwhile and which are updated in place. Call apply()
 * and flush() inside transactions that have `db.cellBlocks` in scope.
 */
export class HeldCells {
  private blocks = new Map<string, Map<string, Cell>>();

  constructor(
    private db: AxTraceDb,
    private maxBlocks = 64,
  ) {}

  /** Takes the `minus` contributions out of their cells and puts the `plus` ones in. */
  async apply(minus: Cell[], plus: Cell[]): Promise<void> {
    const isLocal = (c: Cell) => c.source === 'local';
    if (minus.some(isLocal) || plus.some(isLocal)) await updateCellsOf(this.db, minus.filter(isLocal), plus.filter(isLocal));
    const unread = [...new Set([...minus, ...plus].filter((c) => !isLocal(c)).map((c) => blockKey(c.source, c.day)))].filter((k) => !this.blocks.has(k));
    // Awaited also when empty: an await on Dexie's own promise keeps the caller's transaction.
    const stored = await this.db.cellBlocks.bulkGet(unread);
    unread.forEach((k, i) => this.blocks.set(k, new Map((stored[i] ? unpack(stored[i]!.cells) : []).map((c) => [c.key, c]))));
    for (const c of minus) {
      if (isLocal(c)) continue;
      const cell = this.cellsOf(c).get(c.key);
      if (cell) mergeCell(cell, c, -1);
    }
    for (const c of plus) {
      if (isLocal(c)) continue;
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
