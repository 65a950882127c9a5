/// <reference lib="webworker" />
// The dashboard's numbers are computed here, off the page's main thread, from the task rollups.
import { openDb } from '../log/db';
import { computeMetrics } from './metrics';
import { filterOptions, matches, previousPeriod, type StatsFilter } from './filters';
import { habitSegments, insights, providerHealth, trendByDay } from './breakdowns';
import { readiness } from './readiness';
import { importTeamFiles, importedSources, removeSource } from './team-import';
import type { TaskFacts } from './task-facts';
import type { ComputeResult, LoadResult, TraceResult, WorkerReply, WorkerRequest } from './worker-protocol';

const db = openDb();
let facts: TaskFacts[] = [];
const TASK_ROWS = 200;

async function load(): Promise<LoadResult> {
  const t0 = performance.now();
  facts = await db.tasks.toArray();
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  for (const f of facts) {
    if (!firstDay || f.day < firstDay) firstDay = f.day;
    if (!lastDay || f.day > lastDay) lastDay = f.day;
  }
  return { tasks: facts.length, firstDay, lastDay, options: filterOptions(facts), sources: await importedSources(db), loadMs: performance.now() - t0 };
}

function compute(req: Extract<WorkerRequest, { type: 'compute' }>): ComputeResult {
  const t0 = performance.now();
  const { filter } = req;
  const metrics = computeMetrics(facts, filter);
  const comparison = req.compare
    ? { a: computeMetrics(facts, { ...filter, [req.compare.field]: req.compare.a }), b: computeMetrics(facts, { ...filter, [req.compare.field]: req.compare.b }) }
    : null;
  return {
    metrics,
    previous: computeMetrics(facts, previousPeriod(filter)),
    trend: trendByDay(facts, filter),
    health: providerHealth(facts, filter),
    habits: habitSegments(facts, filter),
    insights: insights(facts, filter),
    readiness: readiness(metrics, req.targets, req.seats),
    comparison,
    tasks: latestTasks(filter),
    computeMs: performance.now() - t0,
  };
}

function latestTasks(filter: StatsFilter): TaskFacts[] {
  return facts
    .filter((f) => matches(f, filter))
    .sort((a, b) => b.openedAt - a.openedAt)
    .slice(0, TASK_ROWS);
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
