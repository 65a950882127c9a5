import type { TaskFacts } from './task-facts';
import { computeMetrics, percentile, type Metrics } from './metrics';
import { addDays, matches, promptOf, providerModelOf, type StatsFilter } from './filters';

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
export function trendByDay(facts: TaskFacts[], filter: StatsFilter): DayPoint[] {
  const byDay = new Map<string, TaskFacts[]>();
  for (const f of facts) if (matches(f, filter)) pushTo(byDay, f.day, f);
  const out: DayPoint[] = [];
  for (let day = filter.from; day <= filter.to; day = addDays(day, 1)) {
    const m = computeMetrics(byDay.get(day) ?? [], { ...filter, from: day, to: day });
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

/** Latency and failures per provider and model. Failures count where the task's requests went. */
export function providerHealth(facts: TaskFacts[], filter: StatsFilter): ProviderHealth[] {
  const groups = new Map<string, HealthAcc>();
  for (const f of facts) {
    if (!matches(f, filter)) continue;
    const shown = Object.values(f.suggestions).filter((s) => s.provider !== 'unknown');
    const keys = new Set(shown.map(providerModelOf));
    for (const s of shown) {
      const g = group(groups, providerModelOf(s));
      g.latency.push(s.latencyMs);
      g.firstToken.push(s.firstTokenMs);
    }
    const failed = Object.entries(f.failures);
    if (failed.length || f.requested) {
      const key = keys.values().next().value ?? 'unknown provider';
      const g = group(groups, key);
      g.requested += f.requested;
      for (const [kind, n] of failed) g.failures[kind] = (g.failures[kind] ?? 0) + n;
    }
  }
  return [...groups.entries()].map(([providerModel, g]) => {
    const failedTotal = Object.values(g.failures).reduce((a, b) => a + b, 0);
    return {
      providerModel,
      shown: g.latency.length,
      latencyP50: percentile(g.latency, 50),
      latencyP95: percentile(g.latency, 95),
      firstTokenP50: percentile(g.firstToken, 50),
      firstTokenP95: percentile(g.firstToken, 95),
      failures: g.failures,
      failureRate: g.requested ? failedTotal / g.requested : null,
    };
  });
}

interface HealthAcc {
  latency: number[];
  firstToken: number[];
  failures: Record<string, number>;
  requested: number;
}

function group(map: Map<string, HealthAcc>, key: string): HealthAcc {
  if (!map.has(key)) map.set(key, { latency: [], firstToken: [], failures: {}, requested: 0 });
  return map.get(key)!;
}

export type HabitSegment = 'power' | 'habitual' | 'novice' | 'low' | 'non-user';

/**
 * Habit segments per person over the period: power = engaged on ≥ 80% of the days they worked
 * and inserted ≥ 10 suggestions; habitual ≥ 50% of days; novice = first seen in the last 7 days
 * of the period; low = engaged at least once; non-user = worked but never engaged.
 */
export function habitSegments(facts: TaskFacts[], filter: StatsFilter): Record<HabitSegment, number> {
  const people = new Map<string, { days: Set<string>; engagedDays: Set<string>; inserts: number; firstDay: string }>();
  for (const f of facts) {
    if (!matches(f, filter)) continue;
    const p = people.get(f.actor) ?? { days: new Set(), engagedDays: new Set(), inserts: 0, firstDay: f.day };
    p.days.add(f.day);
    p.firstDay = f.day < p.firstDay ? f.day : p.firstDay;
    const inserts = Object.values(f.suggestions).filter((s) => s.decision === 'inserted').length;
    p.inserts += inserts;
    if (f.requested > 0 || inserts > 0 || f.rated > 0) p.engagedDays.add(f.day);
    people.set(f.actor, p);
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
 * The biggest friction points as sentences: per site × workflow, where suggestions are dismissed
 * or people fall back most, naming the top dismiss reason and the prompt version involved.
 */
export function insights(facts: TaskFacts[], filter: StatsFilter, limit = 3): Insight[] {
  const groups = new Map<string, TaskFacts[]>();
  for (const f of facts) if (matches(f, filter)) pushTo(groups, `${f.site}\u0000${f.workflow}`, f);
  const found: (Insight & { weight: number })[] = [];
  for (const [key, group] of groups) {
    const [site, workflow] = key.split('\u0000');
    const m = computeMetrics(group, filter);
    if (m.shown < 3) continue;
    const dismissedShare = m.decisions.dismissed / m.shown;
    const top = Object.entries(m.dismissReasons).sort((a, b) => b[1] - a[1])[0];
    const prompts = topPrompt(group);
    if (dismissedShare >= 0.3) {
      found.push({
        text: `${label(workflow)} on ${site}: ${Math.round(dismissedShare * 100)}% of suggestions dismissed${top ? `, mostly “${top[0].replace('_', ' ')}”` : ''}${prompts ? ` — prompt ${prompts}` : ''}.`,
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

function topPrompt(group: TaskFacts[]): string | null {
  const counts = new Map<string, number>();
  for (const f of group) for (const s of Object.values(f.suggestions)) if (s.decision === 'dismissed') counts.set(promptOf(s), (counts.get(promptOf(s)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

const WORKFLOW_NAMES: Record<string, string> = { 'ticket-reply': 'Ticket replies', 'internal-note': 'Internal notes', 'crm-email': 'CRM emails', 'crm-note': 'CRM notes', summary: 'Summaries', reply: 'Replies', note: 'Notes', email: 'Emails' };
const label = (w: string) => WORKFLOW_NAMES[w] ?? w;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type { Metrics };
