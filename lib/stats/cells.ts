import { firstSuggestion, type TaskFacts } from './task-facts';
import { isRubberStamp } from './metrics';
import { promptOf, providerModelOf } from './filters';
import { sparseAdd, sparseMerge, type SparseHistogram } from './histogram';

/**
 * Daily rollup cells: one per day × site × workflow × team × person × source × provider/model ×
 * prompt version, holding only sums and histograms. Their number is bounded by the pilot's size
 * and length, not by how many events it logged, so the dashboard reads a few thousand rows even
 * over millions of events. A task counts in the cell of its day and of its first suggestion's
 * provider and prompt; when its facts change, its old contribution is taken out and the new one
 * put in.
 */
export interface Cell {
  key: string;
  day: string;
  site: string;
  workflow: string;
  teamId: string;
  actor: string;
  source: string;
  providerModel: string;
  prompt: string;
  n: Counters;
  dismissReasons: Record<string, number>;
  failures: Record<string, number>;
  decisionMs: SparseHistogram;
  assistedMs: SparseHistogram;
  unassistedMs: SparseHistogram;
  latencyMs: SparseHistogram;
  firstTokenMs: SparseHistogram;
}

export const COUNTERS = [
  'tasks', 'visibleTasks', 'visiblePanelTasks', 'panelTasks', 'shownTasks', 'insertedTasks', 'activeTasks', 'engagedTasks',
  'shown', 'requested', 'regenerated', 'asIs', 'edited', 'dismissed', 'ignored', 'rubberStamps', 'inserts',
  'submitted', 'accepted', 'editedSends', 'fallback', 'unassisted', 'fallbackWithSuggestion',
  'retentionSum', 'retentionN', 'aiShareChars', 'finalChars', 'assistedSends', 'accountableSends',
] as const;
export type Counters = Record<(typeof COUNTERS)[number], number>;

const ZERO = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
/** A copy of ZERO: a bulk import makes one per task it folds (building it from the list was measurable). */
const zero = (): Counters => ({ ...ZERO });

export function cellKeyOf(f: TaskFacts): Omit<Cell, 'n' | 'dismissReasons' | 'failures' | 'decisionMs' | 'assistedMs' | 'unassistedMs' | 'latencyMs' | 'firstTokenMs'> {
  const first = firstSuggestion(f);
  const providerModel = first ? providerModelOf(first) : '';
  const prompt = first ? promptOf(first) : '';
  const dims = [f.day, f.site, f.workflow, f.teamId, f.actor, f.source, providerModel, prompt];
  return { key: dims.join('\u0001'), day: f.day, site: f.site, workflow: f.workflow, teamId: f.teamId, actor: f.actor, source: f.source, providerModel, prompt };
}

/** What one task adds to its cell. */
export function contribution(f: TaskFacts): Cell {
  const c: Cell = { ...cellKeyOf(f), n: zero(), dismissReasons: {}, failures: { ...f.failures }, decisionMs: {}, assistedMs: {}, unassistedMs: {}, latencyMs: {}, firstTokenMs: {} };
  const n = c.n;
  const suggestions = Object.values(f.suggestions);
  const inserted = suggestions.some((s) => s.decision === 'inserted');
  n.tasks = 1;
  n.visibleTasks = f.holdout ? 0 : 1;
  n.visiblePanelTasks = !f.holdout && f.panelOpened ? 1 : 0;
  n.panelTasks = f.panelOpened ? 1 : 0;
  n.shownTasks = suggestions.length ? 1 : 0;
  n.insertedTasks = inserted ? 1 : 0;
  n.activeTasks = suggestions.length ? 1 : 0;
  n.engagedTasks = f.requested > 0 || f.rated > 0 || inserted ? 1 : 0;
  n.shown = suggestions.length;
  n.requested = f.requested;
  n.regenerated = f.regenerated;
  const outcome = f.submitted?.outcome;
  for (const s of suggestions) {
    sparseAdd(c.latencyMs, s.latencyMs);
    sparseAdd(c.firstTokenMs, s.firstTokenMs);
    if (s.decisionMs !== null) sparseAdd(c.decisionMs, s.decisionMs);
    if (s.decision === 'dismissed') {
      n.dismissed++;
      if (s.dismissReason) c.dismissReasons[s.dismissReason] = (c.dismissReasons[s.dismissReason] ?? 0) + 1;
    } else if (s.decision === 'inserted') {
      n.inserts++;
      if (outcome === 'accepted') {
        n.asIs++;
        if (isRubberStamp(s)) n.rubberStamps++;
      } else n.edited++;
    } else n.ignored++;
  }
  if (f.submitted) {
    const sub = f.submitted;
    n.submitted = 1;
    if (sub.outcome === 'accepted') n.accepted = 1;
    if (sub.outcome === 'edited') n.editedSends = 1;
    if (sub.outcome === 'fallback') n.fallback = 1;
    if (sub.outcome === 'unassisted') n.unassisted = 1;
    if (sub.outcome === 'fallback' && suggestions.length) n.fallbackWithSuggestion = 1;
    if (sub.retention !== null) {
      n.retentionSum = sub.retention;
      n.retentionN = 1;
    }
    n.aiShareChars = sub.aiShare * sub.finalChars;
    n.finalChars = sub.finalChars;
    if (sub.outcome === 'accepted' || sub.outcome === 'edited') {
      n.assistedSends = 1;
      n.accountableSends = sub.decisionOwner ? 1 : 0;
    }
    if (f.panelOpened && sub.outcome !== 'unassisted') sparseAdd(c.assistedMs, sub.durationMs);
    if (sub.outcome === 'unassisted') sparseAdd(c.unassistedMs, sub.durationMs);
  }
  return c;
}

export function emptyCellLike(c: Cell): Cell {
  return { ...c, n: zero(), dismissReasons: {}, failures: {}, decisionMs: {}, assistedMs: {}, unassistedMs: {}, latencyMs: {}, firstTokenMs: {} };
}

/** Adds (sign 1) or takes out (sign −1) a contribution. */
export function mergeCell(into: Cell, c: Cell, sign = 1): Cell {
  for (const k of COUNTERS) into.n[k] += sign * c.n[k];
  mergeCounts(into.dismissReasons, c.dismissReasons, sign);
  mergeCounts(into.failures, c.failures, sign);
  sparseMerge(into.decisionMs, c.decisionMs, sign);
  sparseMerge(into.assistedMs, c.assistedMs, sign);
  sparseMerge(into.unassistedMs, c.unassistedMs, sign);
  sparseMerge(into.latencyMs, c.latencyMs, sign);
  sparseMerge(into.firstTokenMs, c.firstTokenMs, sign);
  return into;
}

function mergeCounts(into: Record<string, number>, other: Record<string, number>, sign: number): void {
  for (const [k, v] of Object.entries(other)) {
    into[k] = (into[k] ?? 0) + sign * v;
    if (into[k] === 0) delete into[k];
  }
}

/** Cells for a set of task facts (a rebuild, or a test). */
export function cellsOf(facts: Iterable<TaskFacts>): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const f of facts) {
    const c = contribution(f);
    const into = cells.get(c.key) ?? emptyCellLike(c);
    cells.set(c.key, mergeCell(into, c));
  }
  return cells;
}
