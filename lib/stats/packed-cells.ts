import { COUNTERS, type Cell } from './cells';

/**
 * Rollup cells packed in columns: strings once in a table, numbers in typed arrays. IndexedDB
 * and postMessage copy typed arrays as flat memory, whereas tens of thousands of small cell
 * objects cost a structured-clone step per property — the difference between ~50 ms and seconds
 * when the dashboard reads a million events' worth of cells. The same shape is stored (one block
 * per source and day) and held in the stats worker (all blocks concatenated).
 */
export interface PackedCells {
  size: number;
  strings: string[];
  /** size × DIMS.length indexes into `strings`. */
  dims: Uint32Array;
  /** size × COUNTERS.length. */
  n: Float64Array;
  /** Sparse maps and histograms: entries of cell i's map m are offsets[i·M+m] … offsets[i·M+m+1]. */
  offsets: Uint32Array;
  /** For dismiss reasons and failures an index into `strings`; for histograms the bucket. */
  keys: Uint32Array;
  values: Float64Array;
}

export const DIMS = ['day', 'site', 'workflow', 'teamId', 'actor', 'source', 'providerModel', 'prompt'] as const;
export type Dim = (typeof DIMS)[number];
export const DIM = Object.fromEntries(DIMS.map((d, i) => [d, i])) as Record<Dim, number>;

export const NAMED_MAPS = ['dismissReasons', 'failures'] as const;
export const HISTOGRAMS = ['decisionMs', 'assistedMs', 'unassistedMs', 'latencyMs', 'firstTokenMs'] as const;
export type HistogramName = (typeof HISTOGRAMS)[number];
const SPARSE = [...NAMED_MAPS, ...HISTOGRAMS] as const;
export const SPARSE_COUNT = SPARSE.length;
export const COUNTER_COUNT = COUNTERS.length;
export const COUNTER = Object.fromEntries(COUNTERS.map((c, i) => [c, i])) as Record<(typeof COUNTERS)[number], number>;

/** Packs cells (any number, any sources and days). */
export function pack(cells: Iterable<Cell>): PackedCells {
  const list = [...cells];
  const strings = new StringTable();
  const dims = new Uint32Array(list.length * DIMS.length);
  const n = new Float64Array(list.length * COUNTER_COUNT);
  const offsets = new Uint32Array(list.length * SPARSE_COUNT + 1);
  const keys: number[] = [];
  const values: number[] = [];
  list.forEach((cell, i) => {
    DIMS.forEach((d, j) => (dims[i * DIMS.length + j] = strings.index(cell[d])));
    COUNTERS.forEach((c, j) => (n[i * COUNTER_COUNT + j] = cell.n[c]));
    SPARSE.forEach((m, j) => {
      const named = j < NAMED_MAPS.length;
      for (const [k, v] of Object.entries(cell[m] as Record<string, number>)) {
        keys.push(named ? strings.index(k) : Number(k));
        values.push(v);
      }
      offsets[i * SPARSE_COUNT + j + 1] = keys.length;
    });
  });
  return { size: list.length, strings: strings.list, dims, n, offsets, keys: Uint32Array.from(keys), values: Float64Array.from(values) };
}

/** Back to cell objects (to update a stored block). */
export function unpack(p: PackedCells): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < p.size; i++) {
    const dim = (d: Dim) => p.strings[p.dims[i * DIMS.length + DIM[d]]];
    const cell = {
      day: dim('day'), site: dim('site'), workflow: dim('workflow'), teamId: dim('teamId'), actor: dim('actor'), source: dim('source'),
      providerModel: dim('providerModel'), prompt: dim('prompt'),
      n: Object.fromEntries(COUNTERS.map((c, j) => [c, p.n[i * COUNTER_COUNT + j]])),
    } as Cell;
    cell.key = DIMS.map((d) => cell[d]).join('\u0001');
    SPARSE.forEach((m, j) => {
      const map: Record<string | number, number> = {};
      for (let e = p.offsets[i * SPARSE_COUNT + j]; e < p.offsets[i * SPARSE_COUNT + j + 1]; e++) map[j < NAMED_MAPS.length ? p.strings[p.keys[e]] : p.keys[e]] = p.values[e];
      (cell as unknown as Record<string, unknown>)[m] = map;
    });
    cells.push(cell);
  }
  return cells;
}

/** Joins packed parts into one, merging their string tables. */
export function concat(parts: PackedCells[]): PackedCells {
  const strings = new StringTable();
  const size = parts.reduce((s, p) => s + p.size, 0);
  const entries = parts.reduce((s, p) => s + p.keys.length, 0);
  const out: PackedCells = {
    size, strings: strings.list, dims: new Uint32Array(size * DIMS.length), n: new Float64Array(size * COUNTER_COUNT),
    offsets: new Uint32Array(size * SPARSE_COUNT + 1), keys: new Uint32Array(entries), values: new Float64Array(entries),
  };
  let row = 0;
  let entry = 0;
  for (const p of parts) {
    const remap = p.strings.map((s) => strings.index(s));
    for (let k = 0; k < p.dims.length; k++) out.dims[row * DIMS.length + k] = remap[p.dims[k]];
    out.n.set(p.n, row * COUNTER_COUNT);
    for (let i = 0; i < p.size; i++) {
      for (let j = 0; j < SPARSE_COUNT; j++) {
        const from = p.offsets[i * SPARSE_COUNT + j];
        const to = p.offsets[i * SPARSE_COUNT + j + 1];
        const named = j < NAMED_MAPS.length;
        for (let e = from; e < to; e++) {
          out.keys[entry] = named ? remap[p.keys[e]] : p.keys[e];
          out.values[entry++] = p.values[e];
        }
        out.offsets[(row + i) * SPARSE_COUNT + j + 1] = entry;
      }
    }
    row += p.size;
  }
  return out;
}

class StringTable {
  list: string[] = [];
  private at = new Map<string, number>();
  index(s: string): number {
    let i = this.at.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.at.set(s, i);
    }
    return i;
  }
}
