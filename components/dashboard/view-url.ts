import type { StatsFilter } from '@/lib/stats/filters';
import type { Comparison } from '@/lib/stats/worker-protocol';

/**
 * The dashboard's view in its address (`#from=2026-11-01&to=2026-11-28&site=…&compare=prompt&a=…&b=…`):
 * a team lead can bookmark a view or send it (two prompt versions side by side, say), reloading
 * keeps it, and an insight is a link to the view showing it.
 * The address is typed by people and pasted from anywhere: what is not a known field with a
 * sound value is left out.
 */
const FIELDS = ['site', 'workflow', 'teamId', 'actor', 'source', 'providerModel', 'prompt'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_VALUE = 200;

const COMPARED: Comparison['field'][] = ['prompt', 'providerModel'];

/** What an address names: a filter (its period may be missing) and what is compared. */
export interface AskedView {
  filter: Partial<StatsFilter>;
  compare: Comparison | null;
}

export function viewHash(filter: StatsFilter, compare: Comparison | null = null): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const key of FIELDS) if (filter[key]) params.set(key, filter[key]);
  if (compare) {
    params.set('compare', compare.field);
    if (compare.a) params.set('a', compare.a);
    if (compare.b) params.set('b', compare.b);
  }
  return `#${params}`;
}

/** The view an address names, or null when it names none (no sound period, field or comparison). */
export function viewFromHash(hash: string): AskedView | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const filter: Partial<StatsFilter> = {};
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && isDay(from) && isDay(to) && from <= to) Object.assign(filter, { from, to });
  for (const key of FIELDS) {
    const value = sound(params.get(key));
    if (value) filter[key] = value;
  }
  const field = COMPARED.find((f) => f === params.get('compare'));
  const compare = field ? { field, a: sound(params.get('a')) ?? '', b: sound(params.get('b')) ?? '' } : null;
  return Object.keys(filter).length || compare ? { filter, compare } : null;
}

function sound(value: string | null): string | undefined {
  return value && value.length <= MAX_VALUE ? value : undefined;
}

/** The filter an address gives, on top of the period shown now when it names none. */
export function filterOf(view: Partial<StatsFilter>, current: StatsFilter): StatsFilter {
  return { ...view, from: view.from ?? current.from, to: view.to ?? current.to };
}

function isDay(s: string): boolean {
  return DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}
