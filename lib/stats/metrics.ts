import type { TaskFacts, SuggestionFacts } from './task-facts';
import { matches, type StatsFilter, addDays } from './filters';

/** Every figure of DESIGN.md "Metrics", for one filter. Ratios are null when their denominator is 0. */
export interface Metrics {
  tasks: number;
  coverage: number | null;
  shown: number;
  inserted: number;
  insertRate: number | null;
  decisions: { asIs: number; edited: number; dismissed: number; ignored: number };
  regenerationRate: number | null;
  outcomes: Record<'accepted' | 'edited' | 'fallback' | 'unassisted', number>;
  submitted: number;
  meanRetention: number | null;
  aiShare: number | null;
  dismissReasons: Record<string, number>;
  decisionMs: { p50: number | null; p90: number | null };
  timeOnTaskMs: { assisted: number | null; unassisted: number | null; difference: number | null };
  rubberStampRate: number | null;
  overrideRate: number | null;
  accountableShare: number | null;
  activeUsers: number;
  engagedUsers: number;
  stickiness: number | null;
  funnel: { opened: number; panelOpened: number; shown: number; inserted: number; sentAcceptedOrEdited: number };
}

const READING_CHARS_PER_SECOND = 40;
const MIN_READING_MS = 2000;

export function computeMetrics(all: Iterable<TaskFacts>, filter: StatsFilter): Metrics {
  const tasks = [...all].filter((f) => matches(f, filter));
  const visible = tasks.filter((f) => !f.holdout);
  const suggestions = tasks.flatMap((f) => Object.values(f.suggestions).filter((s) => s.shownAt > 0).map((s) => ({ s, f })));
  const sent = tasks.filter((f) => f.submitted);
  const outcomes = { accepted: 0, edited: 0, fallback: 0, unassisted: 0 };
  for (const f of sent) outcomes[f.submitted!.outcome as keyof typeof outcomes]++;

  const decisions = { asIs: 0, edited: 0, dismissed: 0, ignored: 0 };
  const dismissReasons: Record<string, number> = {};
  const decisionTimes: number[] = [];
  let rubberStamps = 0;
  let overridden = 0;
  for (const { s, f } of suggestions) {
    if (s.decisionMs !== null) decisionTimes.push(s.decisionMs);
    if (isOverridden(s, f.submitted?.outcome)) overridden++;
    if (s.decision === 'dismissed') {
      decisions.dismissed++;
      if (s.dismissReason) dismissReasons[s.dismissReason] = (dismissReasons[s.dismissReason] ?? 0) + 1;
    } else if (s.decision === 'inserted') {
      if (f.submitted?.outcome === 'accepted') {
        decisions.asIs++;
        if (isRubberStamp(s)) rubberStamps++;
      } else decisions.edited++;
    } else decisions.ignored++;
  }
  const inserted = decisions.asIs + decisions.edited;
  const retained = sent.map((f) => f.submitted!.retention).filter((r): r is number => r !== null);
  const sentChars = sum(sent.map((f) => f.submitted!.finalChars));
  const assistedSends = sent.filter((f) => f.submitted!.outcome === 'accepted' || f.submitted!.outcome === 'edited');
  const assistedTime = median(sent.filter((f) => f.panelOpened && f.submitted!.outcome !== 'unassisted').map((f) => f.submitted!.durationMs));
  const unassistedTime = median(sent.filter((f) => f.submitted!.outcome === 'unassisted').map((f) => f.submitted!.durationMs));
  const users = usersOf(tasks, filter);
  return {
    tasks: tasks.length,
    coverage: ratio(visible.filter((f) => f.panelOpened).length, visible.length),
    shown: suggestions.length,
    inserted,
    insertRate: ratio(inserted, suggestions.length),
    decisions,
    regenerationRate: ratio(sum(tasks.map((f) => f.regenerated)), sum(tasks.map((f) => f.requested))),
    outcomes,
    submitted: sent.length,
    meanRetention: retained.length ? sum(retained) / retained.length : null,
    aiShare: sentChars ? sum(sent.map((f) => f.submitted!.aiShare * f.submitted!.finalChars)) / sentChars : null,
    dismissReasons,
    decisionMs: { p50: percentile(decisionTimes, 50), p90: percentile(decisionTimes, 90) },
    timeOnTaskMs: { assisted: assistedTime, unassisted: unassistedTime, difference: assistedTime !== null && unassistedTime !== null ? assistedTime - unassistedTime : null },
    rubberStampRate: ratio(rubberStamps, decisions.asIs),
    overrideRate: ratio(overridden, suggestions.length),
    accountableShare: ratio(assistedSends.filter((f) => f.submitted!.decisionOwner).length, assistedSends.length),
    ...users,
    funnel: {
      opened: tasks.length,
      panelOpened: tasks.filter((f) => f.panelOpened).length,
      shown: tasks.filter((f) => Object.keys(f.suggestions).length > 0).length,
      inserted: tasks.filter((f) => Object.values(f.suggestions).some((s) => s.decision === 'inserted')).length,
      sentAcceptedOrEdited: assistedSends.length,
    },
  };
}

/** Inserted as-is faster than the text could be read: the automation-bias signal. */
export function isRubberStamp(s: SuggestionFacts): boolean {
  return s.decisionMs !== null && s.decisionMs < Math.max(MIN_READING_MS, (s.chars / READING_CHARS_PER_SECOND) * 1000);
}

/**
 * DESIGN.md's override rate, (dismissed + edited + fallback) / shown, counted per suggestion
 * shown: dismissed; inserted and then edited, or rewritten (a task sent as edited or fallback);
 * or passed over in a task the person then wrote by hand (sent as fallback). Read literally, the
 * formula added tasks to suggestions: a dismissed suggestion in a fallback task counted twice,
 * and the rate could pass 100%.
 */
export function isOverridden(s: SuggestionFacts, outcome: string | undefined): boolean {
  if (s.decision === 'dismissed') return true;
  if (s.decision === 'inserted') return outcome === 'edited' || outcome === 'fallback';
  return outcome === 'fallback';
}

/** Active: was shown a suggestion. Engaged: requested, inserted or rated one. Stickiness: mean DAU / WAU. */
function usersOf(tasks: TaskFacts[], filter: StatsFilter) {
  const active = new Set<string>();
  const engaged = new Set<string>();
  const byDay = new Map<string, Set<string>>();
  for (const f of tasks) {
    const suggestions = Object.values(f.suggestions);
    if (suggestions.length) active.add(f.actor);
    if (f.requested > 0 || f.rated > 0 || suggestions.some((s) => s.decision === 'inserted')) {
      engaged.add(f.actor);
      if (!byDay.has(f.day)) byDay.set(f.day, new Set());
      byDay.get(f.day)!.add(f.actor);
    }
  }
  return { activeUsers: active.size, engagedUsers: engaged.size, stickiness: stickiness(byDay, filter) };
}

function stickiness(byDay: Map<string, Set<string>>, filter: StatsFilter): number | null {
  const ratios: number[] = [];
  for (let day = filter.from; day <= filter.to; day = addDays(day, 1)) {
    const week = new Set<string>();
    for (let i = 0; i < 7; i++) for (const a of byDay.get(addDays(day, -i)) ?? []) week.add(a);
    if (week.size) ratios.push((byDay.get(day)?.size ?? 0) / week.size);
  }
  return ratios.length ? sum(ratios) / ratios.length : null;
}

export function ratio(a: number, b: number): number | null {
  return b ? a / b : null;
}

function sum(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (values: number[]) => percentile(values, 50);
