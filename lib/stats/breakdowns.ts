import type { Metrics } from './metrics';
import { addDays, type StatsFilter } from './filters';
import { densePercentile } from './histogram';
import type { PackedCells } from './packed-cells';
import { metricsOf } from './cell-metrics';
import { counterOf, dimOf, distinctValues, groupRows, selectRows, totals } from './cell-query';

export interface DayPoint {
  day: string;
  tasks: number;
  coverage: number | null;
  insertRate: number | null;
  accepted: number;
  edited: number;
  fallback: number;
  unassisted: number;
}

/** One point per day of the period: the trend lines. */
export function trendByDay(p: PackedCells, filter: StatsFilter): DayPoint[] {
  const byDay = groupRows(p, selectRows(p, filter), ['day']);
  const out: DayPoint[] = [];
  for (let day = filter.from; day <= filter.to; day = addDays(day, 1)) {
    const m = metricsOf(p, byDay.get(day) ?? [], { ...filter, from: day, to: day });
    out.push({ day, tasks: m.tasks, coverage: m.coverage, insertRate: m.insertRate, ...m.outcomes });
  }
  return out;
}

export interface ProviderHealth {
  providerModel: string;
  shown: number;
  latencyP50: number | null;
  latencyP95: number | null;
  firstTokenP50: number | null;
  firstTokenP95: number | null;
  failures: Record<string, number>;
  failureRate: number | null;
}

/** Latency and failures per provider and model (a task's failures count with its first suggestion's provider). */
export function providerHealth(p: PackedCells, filter: StatsFilter): ProviderHealth[] {
  const asked = [...selectRows(p, filter)].filter((i) => counterOf(p, i, 'requested') > 0 || counterOf(p, i, 'shown') > 0);
  const groups = groupRows(p, asked, ['providerModel']);
  return [...groups.entries()].map(([providerModel, rows]) => {
    const t = totals(p, rows);
    const failed = Object.values(t.failures).reduce((a, b) => a + b, 0);
    return {
      providerModel: providerModel || 'no suggestion shown',
      shown: t.n.shown,
      latencyP50: densePercentile(t.hist.latencyMs, 50),
      latencyP95: densePercentile(t.hist.latencyMs, 95),
      firstTokenP50: densePercentile(t.hist.firstTokenMs, 50),
      firstTokenP95: densePercentile(t.hist.firstTokenMs, 95),
      failures: t.failures,
      failureRate: t.n.requested ? failed / t.n.requested : null,
    };
  });
}

export type HabitSegment = 'power' | 'habitual' | 'novice' | 'low' | 'non-user';

/**
 * Habit segments per person over the period: power = engaged on ≥ 80% of the days they worked
 * and inserted ≥ 10 suggestions; habitual ≥ 50% of days; novice = first seen in the last 7 days
 * of the period; low = engaged at least once; non-user = worked but never engaged.
 */
export function habitSegments(packed: PackedCells, filter: StatsFilter): Record<HabitSegment, number> {
  const people = new Map<string, { days: Set<string>; engagedDays: Set<string>; inserts: number; firstDay: string }>();
  for (const i of selectRows(packed, filter)) {
    const actor = dimOf(packed, i, 'actor');
    const day = dimOf(packed, i, 'day');
    const p = people.get(actor) ?? { days: new Set(), engagedDays: new Set(), inserts: 0, firstDay: day };
    p.days.add(day);
    if (day < p.firstDay) p.firstDay = day;
    p.inserts += counterOf(packed, i, 'inserts');
    if (counterOf(packed, i, 'engagedTasks') > 0) p.engagedDays.add(day);
    people.set(actor, p);
  }
  const out: Record<HabitSegment, number> = { power: 0, habitual: 0, novice: 0, low: 0, 'non-user': 0 };
  const lastWeek = addDays(filter.to, -6);
  for (const p of people.values()) {
    const share = p.engagedDays.size / p.days.size;
    if (p.engagedDays.size === 0) out['non-user']++;
    else if (share >= 0.8 && p.inserts >= 10) out.power++;
    else if (share >= 0.5) out.habitual++;
    else if (p.firstDay >= lastWeek) out.novice++;
    else out.low++;
  }
  return out;
}

export interface Insight {
  text: string;
  filter: Partial<StatsFilter>;
}

/**
 * The biggest friction points as sentences: per site × workflow, where suggestions are dismissed,
 * people fall back to writing by hand, or inserts are rubber-stamped — naming the top dismiss
 * reason and the prompt version involved.
 */
export function insights(p: PackedCells, filter: StatsFilter, limit = 3): Insight[] {
  const groups = groupRows(p, selectRows(p, filter), ['site', 'workflow']);
  const found: (Insight & { weight: number })[] = [];
  for (const [key, group] of groups) {
    const [site, workflow] = key.split('\u0000');
    const m = metricsOf(p, group, filter);
    if (m.shown < 3) continue;
    const dismissedShare = m.decisions.dismissed / m.shown;
    const top = Object.entries(m.dismissReasons).sort((a, b) => b[1] - a[1])[0];
    const prompt = topPrompt(p, group);
    if (dismissedShare >= 0.3) {
      found.push({
        text: `${label(workflow)} on ${site}: ${Math.round(dismissedShare * 100)}% of suggestions dismissed${top ? `, mostly “${top[0].replace('_', ' ')}”` : ''}${prompt ? ` — prompt ${prompt}` : ''}.`,
        filter: { site, workflow },
        weight: m.decisions.dismissed,
      });
    }
    const fallbackShare = m.submitted ? m.outcomes.fallback / m.submitted : 0;
    if (fallbackShare >= 0.3) {
      found.push({ text: `${label(workflow)} on ${site}: ${Math.round(fallbackShare * 100)}% of sends were written by hand after AI was offered.`, filter: { site, workflow }, weight: m.outcomes.fallback });
    }
    if ((m.rubberStampRate ?? 0) >= 0.3 && m.decisions.asIs >= 3) {
      found.push({ text: `${label(workflow)} on ${site}: ${Math.round(m.rubberStampRate! * 100)}% of as-is inserts happened faster than the text can be read.`, filter: { site, workflow }, weight: m.decisions.asIs });
    }
  }
  return found.sort((a, b) => b.weight - a.weight).slice(0, limit).map(({ text, filter: f }) => ({ text, filter: f }));
}

function topPrompt(p: PackedCells, group: number[]): string | null {
  const counts = new Map<string, number>();
  for (const i of group) {
    const prompt = dimOf(p, i, 'prompt');
    const dismissed = counterOf(p, i, 'dismissed');
    if (prompt && dismissed) counts.set(prompt, (counts.get(prompt) ?? 0) + dismissed);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The distinct values present, for the filter menus. */
export function filterOptions(p: PackedCells) {
  const live = [...Array(p.size).keys()].filter((i) => counterOf(p, i, 'tasks') > 0);
  const dims = ['site', 'workflow', 'teamId', 'actor', 'source', 'providerModel', 'prompt'] as const;
  return Object.fromEntries(dims.map((d) => [d, distinctValues(p, live, d)])) as Record<(typeof dims)[number], string[]>;
}

const WORKFLOW_NAMES: Record<string, string> = { 'ticket-reply': 'Ticket replies', 'internal-note': 'Internal notes', 'crm-email': 'CRM emails', 'crm-note': 'CRM notes', summary: 'Summaries', reply: 'Replies', note: 'Notes', email: 'Emails' };
const label = (w: string) => WORKFLOW_NAMES[w] ?? w;

export type { Metrics };
