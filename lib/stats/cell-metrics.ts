import type { Cell } from './cells';
import type { Metrics } from './metrics';
import { ratio } from './metrics';
import { addDays, type StatsFilter } from './filters';
import { densePercentile } from './histogram';
import { pack, type PackedCells } from './packed-cells';
import { counterOf, dimIndexOf, dimOf, selectRows, totals } from './cell-query';

/** DESIGN.md's metrics from rollup cells; the same definitions as computeMetrics over task facts. */
export function metricsOf(p: PackedCells, rows: ArrayLike<number>, filter: StatsFilter): Metrics {
  const t = totals(p, rows);
  const n = t.n;
  const assisted = densePercentile(t.hist.assistedMs, 50);
  const unassisted = densePercentile(t.hist.unassistedMs, 50);
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
    decisionMs: { p50: densePercentile(t.hist.decisionMs, 50), p90: densePercentile(t.hist.decisionMs, 90) },
    timeOnTaskMs: { assisted, unassisted, difference: assisted !== null && unassisted !== null ? assisted - unassisted : null },
    rubberStampRate: ratio(n.rubberStamps, n.asIs),
    overrideRate: ratio(n.overridden, n.shown),
    accountableShare: ratio(n.accountableSends, n.assistedSends),
    ...users(p, rows, filter),
    funnel: { opened: n.tasks, panelOpened: n.panelTasks, shown: n.shownTasks, inserted: n.insertedTasks, sentAcceptedOrEdited: n.assistedSends },
  };
}

/** The same over cell objects (tests, small logs). */
export function metricsFromCells(cells: Iterable<Cell>, filter: StatsFilter): Metrics {
  const p = pack(cells);
  return metricsOf(p, selectRows(p, filter), filter);
}

function users(p: PackedCells, rows: ArrayLike<number>, filter: StatsFilter) {
  const active = new Set<number>();
  const engaged = new Set<number>();
  const byDay = new Map<string, Set<number>>();
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const actor = dimIndexOf(p, i, 'actor');
    if (counterOf(p, i, 'activeTasks') > 0) active.add(actor);
    if (counterOf(p, i, 'engagedTasks') > 0) {
      engaged.add(actor);
      const day = dimOf(p, i, 'day');
      let people = byDay.get(day);
      if (!people) byDay.set(day, (people = new Set()));
      people.add(actor);
    }
  }
  const ratios: number[] = [];
  for (let day = filter.from; day <= filter.to; day = addDays(day, 1)) {
    const week = new Set<number>();
    for (let i = 0; i < 7; i++) for (const a of byDay.get(addDays(day, -i)) ?? []) week.add(a);
    if (week.size) ratios.push((byDay.get(day)?.size ?? 0) / week.size);
  }
  return { activeUsers: active.size, engagedUsers: engaged.size, stickiness: ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null };
}
