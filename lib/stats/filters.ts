import type { TaskFacts } from './task-facts';

/** What the dashboard is looking at. Days are the person's local days, inclusive. */
export interface StatsFilter {
  from: string;
  to: string;
  site?: string;
  workflow?: string;
  teamId?: string;
  actor?: string;
  source?: string;
  /** "provider · model" of a suggestion shown in the task. */
  providerModel?: string;
  /** "promptId v<version>" of a suggestion shown in the task. */
  prompt?: string;
}

export function providerModelOf(s: { provider: string; model: string }): string {
  return `${s.provider} · ${s.model}`;
}

export function promptOf(s: { promptId: string; promptVersion: string }): string {
  return `${s.promptId} v${s.promptVersion}`;
}

export function matches(f: TaskFacts, filter: StatsFilter): boolean {
  if (f.day < filter.from || f.day > filter.to) return false;
  if (filter.site && f.site !== filter.site) return false;
  if (filter.workflow && f.workflow !== filter.workflow) return false;
  if (filter.teamId && f.teamId !== filter.teamId) return false;
  if (filter.actor && f.actor !== filter.actor) return false;
  if (filter.source && f.source !== filter.source) return false;
  const shown = Object.values(f.suggestions);
  if (filter.providerModel && !shown.some((s) => providerModelOf(s) === filter.providerModel)) return false;
  if (filter.prompt && !shown.some((s) => promptOf(s) === filter.prompt)) return false;
  return true;
}

/** The period of the same length just before the filter's period. */
export function previousPeriod(filter: StatsFilter): StatsFilter {
  const days = daysBetween(filter.from, filter.to) + 1;
  return { ...filter, from: addDays(filter.from, -days), to: addDays(filter.from, -1) };
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The distinct values present, for the filter menus. */
export function filterOptions(facts: Iterable<TaskFacts>) {
  const sets = { site: new Set<string>(), workflow: new Set<string>(), teamId: new Set<string>(), actor: new Set<string>(), source: new Set<string>(), providerModel: new Set<string>(), prompt: new Set<string>() };
  for (const f of facts) {
    sets.site.add(f.site);
    sets.workflow.add(f.workflow);
    sets.teamId.add(f.teamId);
    sets.actor.add(f.actor);
    sets.source.add(f.source);
    for (const s of Object.values(f.suggestions)) {
      sets.providerModel.add(providerModelOf(s));
      sets.prompt.add(promptOf(s));
    }
  }
  return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, [...v].sort()])) as Record<keyof typeof sets, string[]>;
}
