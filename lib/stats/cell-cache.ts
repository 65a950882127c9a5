import type { AxTraceDb } from '../log/db';
import { addTaskTo, type Cell } from './cells';
import type { TaskFacts } from './task-facts';
import { blockKey, blockOf, type CellBlock } from './cell-blocks';
import { unpack } from './packed-cells';

/**
 * Takes the contribution of each task in `out` (its facts before a change) out of its cell and
 * puts that of each in `into` in, in the stored blocks, now: the recorder's way, in its transaction.
 * `preread`: blocks read already in this transaction (undefined: not stored), not asked for again.
 */
export async function updateCellsNow(db: AxTraceDb, out: TaskFacts[], into: TaskFacts[], preread?: ReadonlyMap<string, CellBlock | undefined>): Promise<void> {
  const cells = new HeldCells(db, { maxBlocks: Infinity, holdLocal: true, preread });
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
  /**
   * With `knownKeys`: the keys of the stored blocks, read once (a few thousand keys), so a block
   * that is not stored is not asked for. A first import's blocks are all new: in Chromium each
   * get of one cost the import's thread ~0.16 ms (1M events: ~4,000 gets). Only folds under the
   * import lock use it: nothing else writes the blocks they hold (the local log's are not held).
   */
  private storedKeys: Set<string> | null = null;

  private readonly maxBlocks: number;
  private readonly holdLocal: boolean;
  private readonly knownKeys: boolean;
  private readonly preread: ReadonlyMap<string, CellBlock | undefined>;

  constructor(
    private db: AxTraceDb,
    { maxBlocks = 64, holdLocal = false, knownKeys = false, preread = new Map() }: { maxBlocks?: number; holdLocal?: boolean; knownKeys?: boolean; preread?: ReadonlyMap<string, CellBlock | undefined> } = {},
  ) {
    this.maxBlocks = maxBlocks;
    this.holdLocal = holdLocal;
    this.knownKeys = knownKeys;
    this.preread = preread;
  }

  /** Takes the contributions of the `minus` tasks (facts before a change) out of their cells and puts the `plus` ones in. */
  async apply(minus: TaskFacts[], plus: TaskFacts[]): Promise<void> {
    // Read first, while the caller's transaction certainly has work pending.
    if (this.knownKeys && !this.storedKeys) this.storedKeys = new Set((await this.db.cellBlocks.toCollection().primaryKeys()) as string[]);
    const inPlace = (f: TaskFacts) => !this.holdLocal && f.source === 'local';
    if (minus.some(inPlace) || plus.some(inPlace)) await updateCellsNow(this.db, minus.filter(inPlace), plus.filter(inPlace));
    const held = (f: TaskFacts) => !inPlace(f);
    const unheld = [...new Set([...minus, ...plus].filter(held).map((f) => blockKey(f.source, f.day)))].filter((k) => !this.blocks.has(k));
    const { storedKeys, preread } = this;
    const unread = (storedKeys ? unheld.filter((k) => storedKeys.has(k)) : unheld).filter((k) => !preread.has(k));
    // Awaited also when empty: an await on Dexie's own promise keeps the caller's transaction.
    const stored = await this.db.cellBlocks.bulkGet(unread);
    const read = new Map([...preread, ...unread.map((k, i) => [k, stored[i]] as const)]);
    for (const k of unheld) this.blocks.set(k, new Map((read.get(k) ? unpack(read.get(k)!.cells) : []).map((c) => [c.key, c])));
    for (const f of minus) if (held(f)) addTaskTo(this.cellsOf(f), f, -1);
    for (const f of plus) if (held(f)) addTaskTo(this.cellsOf(f), f, 1);
    if (this.blocks.size > this.maxBlocks) await this.write(this.blocks.size - Math.floor(this.maxBlocks / 2));
  }

  async flush(): Promise<void> {
    await this.write(this.blocks.size);
  }

  /** The block of a task's cell, moved to the back: least recently used first out. */
  private cellsOf(f: TaskFacts): Map<string, Cell> {
    const k = blockKey(f.source, f.day);
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
    for (const b of put) this.storedKeys?.add(b.key);
    for (const k of empty) this.storedKeys?.delete(k);
    await Promise.all([this.db.cellBlocks.bulkPut(put), this.db.cellBlocks.bulkDelete(empty)]);
  }
}
