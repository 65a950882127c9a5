import type { StatsFilter } from '@/lib/stats/filters';

/**
 * The dashboard's view in its address (`#from=2026-11-01&to=2026-11-28&site=…`): a team lead can
 * bookmark a view or send it, reloading keeps it, and an insight is a link to the view showing it.
 * The address is typed by people and pasted from anywhere: what is not a known field with a
 * sound value is left out.
 */
const FIELDS = ['site', 'workflow', 'teamId', 'actor', 'source', 'providerModel', 'prompt'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_VALUE = 200;

export function viewHash(filter: StatsFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const key of FIELDS) if (filter[key]) params.set(key, filter[key]);
  return `#${params}`;
}

/** The view an address names, or null when it names none (no sound period and no field). */
export function viewFromHash(hash: string): Partial<StatsFilter> | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view: Partial<StatsFilter> = {};
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && isDay(from) && isDay(to) && from <= to) Object.assign(view, { from, to });
  for (const key of FIELDS) {
    const value = params.get(key);
    if (value && value.length <= MAX_VALUE) view[key] = value;
  }
  return Object.keys(view).length ? view : null;
}

/** The filter an address gives, on top of the period shown now when it names none. */
export function filterOf(view: Partial<StatsFilter>, current: StatsFilter): StatsFilter {
  return { ...view, from: view.from ?? current.from, to: view.to ?? current.to };
}

function isDay(s: string): boolean {
  return DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}
