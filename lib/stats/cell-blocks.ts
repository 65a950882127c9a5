import type { Cell } from './cells';
import { pack, type PackedCells } from './packed-cells';

/**
 * How rollup cells are stored: one packed block per source and day. The recorder rewrites only
 * today's small block; the dashboard reads a few hundred blocks instead of tens of thousands of
 * cell objects; removing an import or purging old days deletes whole blocks by index.
 */
export interface CellBlock {
  key: string;
  source: string;
  day: string;
  cells: PackedCells;
}

export function blockKey(source: string, day: string): string {
  return `${source}\u0001${day}`;
}

export function blockOf(source: string, day: string, cells: Iterable<Cell>): CellBlock {
  return { key: blockKey(source, day), source, day, cells: pack(cells) };
}

/** Blocks for any set of cells (a rebuild, the benchmark's generator, a test). */
export function blocksOf(cells: Iterable<Cell>): CellBlock[] {
  const groups = new Map<string, Cell[]>();
  for (const c of cells) {
    const k = blockKey(c.source, c.day);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.values()].map((list) => blockOf(list[0].source, list[0].day, list));
}
