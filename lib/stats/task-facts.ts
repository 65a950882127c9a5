import type { AxEvent } from '../log/schema';

/**
 * One row per task, folded from its events: what the metrics need, kept up to date as events
 * arrive so the dashboard never rescans the log. Built the same way for the local log and for
 * imported team exports (`source`).
 */
export interface SuggestionFacts {
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  shownAt: number;
  chars: number;
  latencyMs: number;
  firstTokenMs: number;
  decision: 'inserted' | 'dismissed' | null;
  decisionMs: number | null;
  dismissReason: string | null;
}

export interface TaskFacts {
  taskId: string;
  source: string;
  installId: string;
  actor: string;
  teamId: string;
  pilotId: string;
  site: string;
  adapter: string;
  workflow: string;
  /** The person's local day (YYYY-MM-DD) when the task began. */
  day: string;
  openedAt: number;
  lastTs: number;
  holdout: boolean;
  panelOpened: boolean;
  requested: number;
  regenerated: number;
  failures: Record<string, number>;
  cancelled: number;
  rated: number;
  suggestions: Record<string, SuggestionFacts>;
  submissions: number;
  submitted: {
    at: number;
    outcome: string;
    retention: number | null;
    aiShare: number;
    finalChars: number;
    durationMs: number;
    decisionOwner: string | null;
  } | null;
  abandoned: boolean;
}

const TASK_EVENTS = new Set([
  'task.opened', 'panel.opened', 'panel.closed', 'suggestion.requested', 'suggestion.shown', 'suggestion.failed',
  'suggestion.inserted', 'suggestion.dismissed', 'suggestion.rated', 'suggestion.cancelled', 'task.submitted', 'task.abandoned',
]);

export function isTaskEvent(e: AxEvent): e is AxEvent & { taskId: string } {
  return TASK_EVENTS.has(e.type) && typeof e.taskId === 'string';
}

export function localDay(ts: number, tzOffsetMin: number): string {
  return new Date(ts + tzOffsetMin * 60_000).toISOString().slice(0, 10);
}

function emptyFacts(e: AxEvent & { taskId: string }, source: string): TaskFacts {
  return {
    taskId: e.taskId, source, installId: e.installId, actor: e.actor, teamId: e.teamId, pilotId: e.pilotId,
    site: e.site ?? '', adapter: e.adapter ?? '', workflow: e.workflow ?? '', day: localDay(e.ts, e.tzOffsetMin), openedAt: e.ts, lastTs: e.ts,
    holdout: false, panelOpened: false, requested: 0, regenerated: 0, failures: {}, cancelled: 0, rated: 0, suggestions: {},
    submissions: 0, submitted: null, abandoned: false,
  };
}

/** Folds one event into its task's facts (pure: returns a new object). Events may come in any order. */
export function applyEvent(prev: TaskFacts | undefined, e: AxEvent & { taskId: string }, source = 'local'): TaskFacts {
  return foldInto(prev ? copyFacts(prev) : emptyFacts(e, source), e);
}

/**
 * Folds a task's events into its facts with one copy for all of them, not one per event (a bulk
 * import folds a million events); `prev` is left as it was.
 */
export function applyEvents(prev: TaskFacts | undefined, events: (AxEvent & { taskId: string })[], source = 'local'): TaskFacts {
  const f = prev ? copyFacts(prev) : emptyFacts(events[0], source);
  for (const e of events) foldInto(f, e);
  return f;
}

/** A copy that folding may change: the nested records it writes to are copied too. */
function copyFacts(f: TaskFacts): TaskFacts {
  return { ...f, failures: { ...f.failures }, suggestions: { ...f.suggestions } };
}

/** Folds one event into facts it may change. */
function foldInto(f: TaskFacts, e: AxEvent & { taskId: string }): TaskFacts {
  if (e.ts < f.openedAt) {
    f.openedAt = e.ts;
    f.day = localDay(e.ts, e.tzOffsetMin);
  }
  f.lastTs = Math.max(f.lastTs, e.ts);
  const sid = e.suggestionId ?? '';
  switch (e.type) {
    case 'task.opened':
      f.holdout = e.holdout;
      break;
    case 'panel.opened':
      f.panelOpened = true;
      break;
    case 'suggestion.requested':
      f.requested++;
      if (e.attempt > 0) f.regenerated++;
      break;
    case 'suggestion.shown':
      f.panelOpened = true;
      f.suggestions[sid] = {
        provider: e.provider, model: e.model, promptId: e.promptId, promptVersion: e.promptVersion, shownAt: e.ts, chars: e.outputChars,
        latencyMs: e.latencyMs, firstTokenMs: e.firstTokenMs, decision: f.suggestions[sid]?.decision ?? null,
        decisionMs: f.suggestions[sid]?.decisionMs ?? null, dismissReason: f.suggestions[sid]?.dismissReason ?? null,
      };
      break;
    case 'suggestion.failed':
      f.failures[e.kind] = (f.failures[e.kind] ?? 0) + 1;
      break;
    case 'suggestion.cancelled':
      f.cancelled++;
      break;
    case 'suggestion.rated':
      f.rated++;
      break;
    case 'suggestion.inserted':
    case 'suggestion.dismissed': {
      const s = f.suggestions[sid] ?? placeholderSuggestion(e.ts);
      const inserted = e.type === 'suggestion.inserted';
      // An insert wins over an earlier dismiss of the same suggestion.
      if (inserted || s.decision !== 'inserted') {
        f.suggestions[sid] = { ...s, decision: inserted ? 'inserted' : 'dismissed', decisionMs: e.decisionMs, dismissReason: inserted ? null : e.reason };
      }
      break;
    }
    case 'task.submitted':
      f.submissions++;
      // A task sent twice keeps its first send: that is when the work was done.
      if (!f.submitted || e.ts < f.submitted.at) {
        f.submitted = { at: e.ts, outcome: e.outcome, retention: e.retention, aiShare: e.aiShare, finalChars: e.finalChars, durationMs: e.durationMs, decisionOwner: e.decisionOwner };
      }
      break;
    case 'task.abandoned':
      f.abandoned = true;
      break;
  }
  return f;
}

function placeholderSuggestion(ts: number): SuggestionFacts {
  return { provider: 'unknown', model: 'unknown', promptId: 'unknown', promptVersion: 'unknown', shownAt: ts, chars: 0, latencyMs: 0, firstTokenMs: 0, decision: null, decisionMs: null, dismissReason: null };
}

/**
 * The task's first shown suggestion: a task is counted with its provider and prompt version, in
 * the rollup cells and in the filters alike.
 */
export function firstSuggestion(f: TaskFacts): SuggestionFacts | undefined {
  let first: SuggestionFacts | undefined;
  for (const s of Object.values(f.suggestions)) if (!first || s.shownAt < first.shownAt) first = s;
  return first;
}

/** A batch's task events by task, in their order. */
export function groupByTask(events: AxEvent[]): Map<string, (AxEvent & { taskId: string })[]> {
  const byTask = new Map<string, (AxEvent & { taskId: string })[]>();
  for (const e of events) {
    if (!isTaskEvent(e)) continue;
    const list = byTask.get(e.taskId);
    if (list) list.push(e);
    else byTask.set(e.taskId, [e]);
  }
  return byTask;
}

/** Folds a batch of events into facts keyed by task id. */
export function foldEvents(events: AxEvent[], into = new Map<string, TaskFacts>(), source = 'local'): Map<string, TaskFacts> {
  for (const e of events) if (isTaskEvent(e)) into.set(e.taskId, applyEvent(into.get(e.taskId), e, source));
  return into;
}

/**
 * A task's facts folded from one run of its events (an import validator folds a chunk's events
 * so the import's own thread need not parse them), with what a later merge needs to know besides
 * the facts: whether the run held a task.opened (its holdout flag then wins), and which of its
 * suggestions it saw shown (their provider, prompt and timings then win).
 */
export interface TaskPart {
  facts: TaskFacts;
  opened: boolean;
  shown: string[];
}

/** One task's events folded into a part (source left empty: the merge sets it). */
export function foldPart(events: (AxEvent & { taskId: string })[]): TaskPart {
  const part = startPart(events[0]);
  for (const e of events) addToPart(part, e);
  return part;
}

/** An empty part of the task of `first`, its first event (not yet folded in: addToPart). */
export function startPart(first: AxEvent & { taskId: string }): TaskPart {
  return { facts: emptyFacts(first, ''), opened: false, shown: [] };
}

/** Folds the task's next event into its part, in place: a validator folds a chunk's events one by one, keeping none. */
export function addToPart(part: TaskPart, e: AxEvent & { taskId: string }): void {
  if (e.type === 'task.opened') part.opened = true;
  else if (e.type === 'suggestion.shown' && !part.shown.includes(e.suggestionId ?? '')) part.shown.push(e.suggestionId ?? '');
  foldInto(part.facts, e);
}

/**
 * The facts of `prev` with a later run of the task's events merged in: exactly what folding
 * that run's events into `prev` one by one gives (tests/unit/stats/task-part.test.ts checks it
 * on random runs). `prev` is left as it was.
 */
export function mergePart(prev: TaskFacts | undefined, { facts: p, opened, shown }: TaskPart, source = 'local'): TaskFacts {
  if (!prev) return { ...p, source };
  const f = copyFacts(prev);
  if (p.openedAt < f.openedAt) {
    f.openedAt = p.openedAt;
    f.day = p.day;
  }
  f.lastTs = Math.max(f.lastTs, p.lastTs);
  if (opened) f.holdout = p.holdout;
  f.panelOpened ||= p.panelOpened;
  f.requested += p.requested;
  f.regenerated += p.regenerated;
  f.cancelled += p.cancelled;
  f.rated += p.rated;
  f.submissions += p.submissions;
  for (const [kind, n] of Object.entries(p.failures)) f.failures[kind] = (f.failures[kind] ?? 0) + n;
  for (const [sid, s] of Object.entries(p.suggestions)) {
    const before = f.suggestions[sid];
    f.suggestions[sid] = before ? mergeSuggestion(before, s, shown.includes(sid)) : s;
  }
  if (p.submitted && (!f.submitted || p.submitted.at < f.submitted.at)) f.submitted = p.submitted;
  f.abandoned ||= p.abandoned;
  return f;
}

/** A suggestion's facts before a run and in it: an insert wins over any dismiss, else the later decision. */
function mergeSuggestion(before: SuggestionFacts, run: SuggestionFacts, shownInRun: boolean): SuggestionFacts {
  const shown = shownInRun ? run : before;
  const decided = run.decision === 'inserted' || (before.decision !== 'inserted' && run.decision === 'dismissed') ? run : before;
  return { ...shown, decision: decided.decision, decisionMs: decided.decisionMs, dismissReason: decided.dismissReason };
}
