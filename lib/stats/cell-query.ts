import { COUNTERS, type Counters } from './cells';
import type { StatsFilter } from './filters';
import { BUCKETS } from './histogram';
import { COUNTER, COUNTER_COUNT, DIM, DIMS, HISTOGRAMS, NAMED_MAPS, SPARSE_COUNT, type Dim, type HistogramName, type PackedCells } from './packed-cells';

/** What a set of cells adds up to: the inputs of every metric. */
export interface Totals {
  n: Counters;
  dismissReasons: Record<string, number>;
  failures: Record<string, number>;
  hist: Record<HistogramName, Float64Array>;
}

const NAMED_COUNT = NAMED_MAPS.length;
const FILTERED_DIMS = ['site', 'workflow', 'teamId', 'actor', 'source', 'providerModel', 'prompt'] as const satisfies readonly Dim[];
const lookups = new WeakMap<PackedCells, Map<string, number>>();

function indexOf(p: PackedCells, s: string): number {
  let map = lookups.get(p);
  if (!map) lookups.set(p, (map = new Map(p.strings.map((v, i) => [v, i]))));
  return map.get(s) ?? -1;
}

/** The rows a filter keeps, in table order. */
export function selectRows(p: PackedCells, filter: StatsFilter): Uint32Array {
  const width = DIMS.length;
  const dayOk = p.strings.map((s) => s >= filter.from && s <= filter.to);
  const wanted: [number, number][] = [];
  for (const d of FILTERED_DIMS) {
    const value = filter[d];
    if (!value) continue;
    const index = indexOf(p, value);
    if (index < 0) return new Uint32Array(0);
    wanted.push([DIM[d], index]);
  }
  const out = new Uint32Array(p.size);
  let count = 0;
  rows: for (let i = 0; i < p.size; i++) {
    const base = i * width;
    if (!dayOk[p.dims[base + DIM.day]]) continue;
    for (const [d, index] of wanted) if (p.dims[base + d] !== index) continue rows;
    out[count++] = i;
  }
  return out.subarray(0, count);
}

export function dimOf(p: PackedCells, row: number, d: Dim): string {
  return p.strings[p.dims[row * DIMS.length + DIM[d]]];
}

/** The string-table index of a row's value: cheaper than the string for sets and grouping. */
export function dimIndexOf(p: PackedCells, row: number, d: Dim): number {
  return p.dims[row * DIMS.length + DIM[d]];
}

export function counterOf(p: PackedCells, row: number, c: (typeof COUNTERS)[number]): number {
  return p.n[row * COUNTER_COUNT + COUNTER[c]];
}

export function totals(p: PackedCells, rows: ArrayLike<number>): Totals {
  const sums = new Float64Array(COUNTER_COUNT);
  // Named maps summed by string index, histograms by bucket: no object keys in the loop.
  const named = [new Float64Array(p.strings.length), new Float64Array(p.strings.length)];
  const hists = HISTOGRAMS.map(() => new Float64Array(BUCKETS));
  const { n, offsets, keys, values } = p;
  const counters = COUNTER_COUNT;
  const maps = SPARSE_COUNT;
  const namedMaps = NAMED_COUNT;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const base = i * counters;
    for (let c = 0; c < counters; c++) sums[c] += n[base + c];
    for (let m = 0; m < maps; m++) {
      const into = m < namedMaps ? named[m] : hists[m - namedMaps];
      const end = offsets[i * maps + m + 1];
      for (let e = offsets[i * maps + m]; e < end; e++) into[keys[e]] += values[e];
    }
  }
  const record = (sum: Float64Array) => {
    const out: Record<string, number> = {};
    for (let k = 0; k < sum.length; k++) if (sum[k] !== 0) out[p.strings[k]] = sum[k];
    return out;
  };
  return {
    n: Object.fromEntries(COUNTERS.map((c, i) => [c, sums[i]])) as Counters,
    dismissReasons: record(named[0]),
    failures: record(named[1]),
    hist: Object.fromEntries(HISTOGRAMS.map((h, i) => [h, hists[i]])) as Record<HistogramName, Float64Array>,
  };
}

/** Splits rows by the value of one or more dimensions (joined with \u0000); grouped by string-table index. */
export function groupRows(p: PackedCells, rows: ArrayLike<number>, dims: Dim[]): Map<string, number[]> {
  const width = p.strings.length;
  const byIndex = new Map<number, number[]>();
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    let key = 0;
    for (const d of dims) key = key * width + dimIndexOf(p, i, d);
    const list = byIndex.get(key);
    if (list) list.push(i);
    else byIndex.set(key, [i]);
  }
  const groups = new Map<string, number[]>();
  for (const list of byIndex.values()) groups.set(dims.map((d) => dimOf(p, list[0], d)).join('\u0000'), list);
  return groups;
}

/** The distinct values of a dimension among the given rows, sorted, without the empty value. */
export function distinctValues(p: PackedCells, rows: ArrayLike<number>, d: Dim): string[] {
  const seen = new Uint8Array(p.strings.length);
  for (let r = 0; r < rows.length; r++) seen[dimIndexOf(p, rows[r], d)] = 1;
  const out: string[] = [];
  seen.forEach((v, k) => v && p.strings[k] && out.push(p.strings[k]));
  return out.sort();
}
