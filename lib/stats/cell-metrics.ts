import type { Cell } from './cells';
import { COUNTERS, emptyCellLike, mergeCell } from './cells';
import type { Metrics } from './metrics';
import { ratio } from './metrics';
import { addDays, type StatsFilter } from './filters';
import { sparsePercentile } from './histogram';

export function cellMatches(c: Cell, f: StatsFilter): boolean {
  return (
    c.day >= f.from && c.day <= f.to &&
    (!f.site || c.site === f.site) && (!f.workflow || c.workflow === f.workflow) && (!f.teamId || c.teamId === f.teamId) &&
    (!f.actor || c.actor === f.actor) && (!f.source || c.source === f.source) &&
    (!f.providerModel || c.providerModel === f.providerModel) && (!f.prompt || c.prompt === f.prompt)
  );
}

/** Sums the matching cells into one. */
export function total(cells: Iterable<Cell>): Cell {
  let sum: Cell | null = null;
  for (const c of cells) sum = mergeCell(sum ?? emptyCellLike(c), c);
  return sum ?? emptyCellLike(EMPTY);
}

const EMPTY = { key: '', day: '', site: '', workflow: '', teamId: '', actor: '', source: '', providerModel: '', prompt: '' } as Cell;

/** DESIGN.md's metrics from rollup cells; the same definitions as computeMetrics over task facts. */
export function metricsFromCells(all: Iterable<Cell>, filter: StatsFilter): Metrics {
  const cells = [...all].filter((c) => cellMatches(c, filter));
  const t = total(cells);
  const n = t.n;
  const assisted = sparsePercentile(t.assistedMs, 50);
  const unassisted = sparsePercentile(t.unassistedMs, 50);
  return {
    tasks: n.tasks,
    coverage: ratio(n.visiblePanelTasks, n.visibleTasks),
    shown: n.shown,
    inserted: n.asIs + n.edited,
    insertRate: ratio(n.asIs + n.edited, n.shown),
    decisions: { asIs: n.asIs, edited: n.edited, dismissed: n.dismissed, ignored: n.ignored },
    regenerationRate: ratio(n.regenerated, n.requested),
    outcomes: { accepted: n.accepted, edited: n.editedSends, fallback: n.fallback, unassisted: n.unassisted },
    submitted: n.submitted,
    meanRetention: n.retentionN ? n.retentionSum / n.retentionN : null,
    aiShare: n.finalChars ? n.aiShareChars / n.finalChars : null,
    dismissReasons: t.dismissReasons,
    decisionMs: { p50: sparsePercentile(t.decisionMs, 50), p90: sparsePercentile(t.decisionMs, 90) },
    timeOnTaskMs: { assisted, unassisted, difference: assisted !== null && unassisted !== null ? assisted - unassisted : null },
    rubberStampRate: ratio(n.rubberStamps, n.asIs),
    overrideRate: ratio(n.dismissed + n.editedSends + n.fallbackWithSuggestion, n.shown),
    accountableShare: ratio(n.accountableSends, n.assistedSends),
    ...users(cells, filter),
    funnel: { opened: n.tasks, panelOpened: n.panelTasks, shown: n.shownTasks, inserted: n.insertedTasks, sentAcceptedOrEdited: n.assistedSends },
  };
}

function users(cells: Cell[], filter: StatsFilter) {
  const active = new Set<string>();
  const engaged = new Set<string>();
  const byDay = new Map<string, Set<string>>();
  for (const c of cells) {
    if (c.n.activeTasks > 0) active.add(c.actor);
    if (c.n.engagedTasks > 0) {
      engaged.add(c.actor);
      if (!byDay.has(c.day)) byDay.set(c.day, new Set());
      byDay.get(c.day)!.add(c.actor);
    }
  }
  const ratios: number[] = [];
  for (let day = filter.from; day <= filter.to; day = addDays(day, 1)) {
    const week = new Set<string>();
    for (let i = 0; i < 7; i++) for (const a of byDay.get(addDays(day, -i)) ?? []) week.add(a);
    if (week.size) ratios.push((byDay.get(day)?.size ?? 0) / week.size);
  }
  return { activeUsers: active.size, engagedUsers: engaged.size, stickiness: ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null };
}

export { COUNTERS };
