import { firstSuggestion, type TaskFacts } from './task-facts';
import { isOverridden, isRubberStamp } from './metrics';
import { promptOf, providerModelOf } from './filters';
import { sparseAdd, type SparseHistogram } from './histogram';

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
  'submitted', 'accepted', 'editedSends', 'fallback', 'unassisted', 'overridden',
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

/**
 * Adds a task's contribution to its cell (sign 1) or takes it out (sign −1), in place: a bulk
 * import does this for every task it folds, and a contribution made first and merged after
 * allocated more than anything else the import did. `cell` is the task's (cellKeyOf).
 */
export function addTask(cell: Cell, f: TaskFacts, sign: 1 | -1): Cell {
  const n = cell.n;
  const suggestions = Object.values(f.suggestions);
  const inserted = suggestions.some((s) => s.decision === 'inserted');
  n.tasks += sign;
  if (!f.holdout) n.visibleTasks += sign;
  if (!f.holdout && f.panelOpened) n.visiblePanelTasks += sign;
  if (f.panelOpened) n.panelTasks += sign;
  if (suggestions.length) {
    n.shownTasks += sign;
    n.activeTasks += sign;
  }
  if (inserted) n.insertedTasks += sign;
  if (f.requested > 0 || f.rated > 0 || inserted) n.engagedTasks += sign;
  n.shown += sign * suggestions.length;
  n.requested += sign * f.requested;
  n.regenerated += sign * f.regenerated;
  addCounts(cell.failures, f.failures, sign);
  const outcome = f.submitted?.outcome;
  for (const s of suggestions) {
    if (isOverridden(s, outcome)) n.overridden += sign;
    sparseAdd(cell.latencyMs, s.latencyMs, sign);
    sparseAdd(cell.firstTokenMs, s.firstTokenMs, sign);
    if (s.decisionMs !== null) sparseAdd(cell.decisionMs, s.decisionMs, sign);
    if (s.decision === 'dismissed') {
      n.dismissed += sign;
      if (s.dismissReason) addCount(cell.dismissReasons, s.dismissReason, sign);
    } else if (s.decision === 'inserted') {
      n.inserts += sign;
      if (outcome === 'accepted') {
        n.asIs += sign;
        if (isRubberStamp(s)) n.rubberStamps += sign;
      } else n.edited += sign;
    } else n.ignored += sign;
  }
  if (f.submitted) addSubmission(cell, f.submitted, f.panelOpened, sign);
  return cell;
}

function addSubmission(cell: Cell, sub: NonNullable<TaskFacts['submitted']>, panelOpened: boolean, sign: 1 | -1): void {
  const n = cell.n;
  n.submitted += sign;
  if (sub.outcome === 'accepted') n.accepted += sign;
  if (sub.outcome === 'edited') n.editedSends += sign;
  if (sub.outcome === 'fallback') n.fallback += sign;
  if (sub.outcome === 'unassisted') n.unassisted += sign;
  if (sub.retention !== null) {
    n.retentionSum += sign * sub.retention;
    n.retentionN += sign;
  }
  n.aiShareChars += sign * sub.aiShare * sub.finalChars;
  n.finalChars += sign * sub.finalChars;
  if (sub.outcome === 'accepted' || sub.outcome === 'edited') {
    n.assistedSends += sign;
    if (sub.decisionOwner) n.accountableSends += sign;
  }
  if (panelOpened && sub.outcome !== 'unassisted') sparseAdd(cell.assistedMs, sub.durationMs, sign);
  if (sub.outcome === 'unassisted') sparseAdd(cell.unassistedMs, sub.durationMs, sign);
}

/** An empty cell with these dimensions. */
export function emptyCell(dims: ReturnType<typeof cellKeyOf>): Cell {
  return { ...dims, n: zero(), dismissReasons: {}, failures: {}, decisionMs: {}, assistedMs: {}, unassistedMs: {}, latencyMs: {}, firstTokenMs: {} };
}

function addCounts(into: Record<string, number>, other: Record<string, number>, sign: number): void {
  for (const k in other) addCount(into, k, sign * other[k]);
}

function addCount(into: Record<string, number>, k: string, n: number): void {
  const v = (into[k] ?? 0) + n;
  if (v === 0) delete into[k];
  else into[k] = v;
}

/** Cells for a set of task facts (a rebuild, or a test). */
export function cellsOf(facts: Iterable<TaskFacts>): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const f of facts) addTaskTo(cells, f, 1);
  return cells;
}

/**
 * Adds a task to its cell among `cells` (made when missing), or takes it out (a missing cell is
 * left missing: nothing of the task is in it).
 */
export function addTaskTo(cells: Map<string, Cell>, f: TaskFacts, sign: 1 | -1): void {
  const dims = cellKeyOf(f);
  let cell = cells.get(dims.key);
  if (!cell) {
    if (sign < 0) return;
    cells.set(dims.key, (cell = emptyCell(dims)));
  }
  addTask(cell, f, sign);
}
