/// <reference lib="webworker" />
// The dashboard's numbers are computed here, off the page's main thread, from the task rollups.
import { openDb } from '../log/db';
import { metricsFromCells } from './cell-metrics';
import { matches, previousPeriod, type StatsFilter } from './filters';
import { filterOptions, habitSegments, insights, providerHealth, trendByDay } from './breakdowns';
import type { Cell } from './cells';
import { readiness } from './readiness';
import { importTeamFiles, importedSources, removeSource } from './team-import';
import type { TaskFacts } from './task-facts';
import type { ComputeResult, LoadResult, TraceResult, WorkerReply, WorkerRequest } from './worker-protocol';

const db = openDb();
let cells: Cell[] = [];
const TASK_ROWS = 200;

/** Reads the daily cells: their number follows the pilot's size and length, not the log's. */
async function load(): Promise<LoadResult> {
  const t0 = performance.now();
  cells = await db.cells.toArray();
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  let tasks = 0;
  for (const c of cells) {
    tasks += c.n.tasks;
    if (!firstDay || c.day < firstDay) firstDay = c.day;
    if (!lastDay || c.day > lastDay) lastDay = c.day;
  }
  return { tasks, firstDay, lastDay, options: filterOptions(cells), sources: await importedSources(db), loadMs: performance.now() - t0 };
}

async function compute(req: Extract<WorkerRequest, { type: 'compute' }>): Promise<ComputeResult> {
  const t0 = performance.now();
  const { filter } = req;
  const metrics = metricsFromCells(cells, filter);
  const comparison = req.compare
    ? { a: metricsFromCells(cells, { ...filter, [req.compare.field]: req.compare.a }), b: metricsFromCells(cells, { ...filter, [req.compare.field]: req.compare.b }) }
    : null;
  return {
    metrics,
    previous: metricsFromCells(cells, previousPeriod(filter)),
    trend: trendByDay(cells, filter),
    health: providerHealth(cells, filter),
    habits: habitSegments(cells, filter),
    insights: insights(cells, filter),
    readiness: readiness(metrics, req.targets, req.seats),
    comparison,
    tasks: await latestTasks(filter),
    computeMs: performance.now() - t0,
  };
}

/** The latest tasks of the view: the cursor walks the day index from the newest day and stops at TASK_ROWS matches. */
async function latestTasks(filter: StatsFilter): Promise<TaskFacts[]> {
  const rows = await db.tasks
    .where('day')
    .between(filter.from, filter.to, true, true)
    .reverse()
    .filter((f) => matches(f, filter))
    .limit(TASK_ROWS)
    .toArray();
  return rows.sort((a, b) => b.openedAt - a.openedAt).slice(0, TASK_ROWS);
}

async function trace(taskId: string): Promise<TraceResult> {
  const [own, imported] = await Promise.all([db.events.where('taskId').equals(taskId).toArray(), db.imported.where('taskId').equals(taskId).toArray()]);
  return { facts: (await db.tasks.get(taskId)) ?? null, events: [...own, ...imported].sort((a, b) => a.ts - b.ts || a.seq - b.seq) };
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.type) {
    case 'load':
      return load();
    case 'compute':
      return compute(req);
    case 'trace':
      return trace(req.taskId);
    case 'import':
      return importTeamFiles(db, req.files);
    case 'remove':
      return removeSource(db, req.source);
  }
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  let reply: WorkerReply;
  try {
    reply = { id: req.id, ok: true, result: await handle(req) };
  } catch (error) {
    reply = { id: req.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as Worker).postMessage(reply);
};
