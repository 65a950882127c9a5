import { firstSuggestion, type TaskFacts } from './task-facts';

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
  const first = firstSuggestion(f);
  if (filter.providerModel && (!first || providerModelOf(first) !== filter.providerModel)) return false;
  if (filter.prompt && (!first || promptOf(first) !== filter.prompt)) return false;
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
