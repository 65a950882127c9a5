/// <reference lib="webworker" />
// The dashboard's numbers are computed here, off the page's main thread, from the task rollups.
import { openDb } from '../log/db';
import { taskEvents } from '../log/event-store';
import { metricsOf } from './cell-metrics';
import { previousPeriod, type StatsFilter } from './filters';
import { filterOptions, habitSegments, insights, providerHealth, trendByDay } from './breakdowns';
import { concat, type PackedCells } from './packed-cells';
import { counterOf, dimOf, selectRows } from './cell-query';
import { importedSources, recoverInterruptedRemoval, removeSource } from './imported-sources';
import { importedEventsOf } from './imported-events';
import { recoverInterruptedImport } from './import-rollback';
import { taskFactsOf } from './task-blocks';
import { latestTasks } from './latest-tasks';
import { atMostEvery } from '../util/at-most-every';
import { SpawnedWorker, spawnNews } from '../util/spawned-worker';
import { IMPORT_VALIDATOR, defaultFilter, type ComputeResult, type LoadResult, type OpenResult, type TraceResult, type WorkerProgress, type WorkerReply, type WorkerRequest } from './worker-protocol';

const db = openDb();
let cells: PackedCells = concat([]);
const TASK_ROWS = 200;

/** Reads the daily cells, packed per source and day: their size follows the pilot's size and length, not the log's. */
async function load(): Promise<LoadResult> {
  const t0 = performance.now();
  await recoverInterruptedImport(db);
  await recoverInterruptedRemoval(db);
  const blocks = await db.cellBlocks.toArray();
  cells = concat(blocks.map((b) => b.cells));
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  let tasks = 0;
  for (let i = 0; i < cells.size; i++) {
    const day = dimOf(cells, i, 'day');
    tasks += counterOf(cells, i, 'tasks');
    if (!firstDay || day < firstDay) firstDay = day;
    if (!lastDay || day > lastDay) lastDay = day;
  }
  return { tasks, firstDay, lastDay, options: filterOptions(cells), sources: await importedSources(db), loadMs: performance.now() - t0 };
}

async function open(today: string): Promise<OpenResult> {
  const loaded = await load();
  const filter = defaultFilter(loaded.lastDay, today);
  return { loaded, filter, result: await compute({ filter, compare: null }) };
}

async function compute(req: Pick<Extract<WorkerRequest, { type: 'compute' }>, 'filter' | 'compare'>): Promise<ComputeResult> {
  const t0 = performance.now();
  const { filter } = req;
  const metricsFor = (f: StatsFilter) => metricsOf(cells, selectRows(cells, f), f);
  const metrics = metricsFor(filter);
  const comparison = req.compare ? { a: metricsFor({ ...filter, [req.compare.field]: req.compare.a }), b: metricsFor({ ...filter, [req.compare.field]: req.compare.b }) } : null;
  return {
    metrics,
    previous: metricsFor(previousPeriod(filter)),
    trend: trendByDay(cells, filter),
    health: providerHealth(cells, filter),
    habits: habitSegments(cells, filter),
    insights: insights(cells, filter),
    comparison,
    tasks: await latestTasks(db, filter, TASK_ROWS),
    computeMs: performance.now() - t0,
  };
}

async function trace(taskId: string): Promise<TraceResult> {
  const facts = (await taskFactsOf(db, taskId)) ?? null;
  const [own, imported] = await Promise.all([taskEvents(db, taskId), importedEventsOf(db, taskId, facts?.installId)]);
  return { facts, events: [...own, ...imported].sort((a, b) => a.ts - b.ts || a.seq - b.seq) };
}

/** How often a running import tells the page how far it is, at most. */
const PROGRESS_EVERY_MS = 250;

/** The imports running, by the id of the request that asked for each: what cancel-import stops. */
const runningImports = new Map<number, AbortController>();

async function runImport(req: Extract<WorkerRequest, { type: 'import' }>): Promise<unknown> {
  const controller = new AbortController();
  runningImports.set(req.id, controller);
  try {
    // Loaded on first use: the validation schemas are most of the worker's code.
    return await (await import('./team-import')).importTeamFiles(db, req.files, {
      // A 1M import has ~600 chunks; the waiting notice is a change of state and always goes.
      onProgress: atMostEvery(PROGRESS_EVERY_MS, (progress) => post({ id: req.id, progress }), (progress) => !!progress.waiting),
      keepFrom: req.retentionDays ? Date.now() - req.retentionDays * 86_400_000 : undefined,
      // Started by the page: a worker starting workers can hang in Firefox (lib/util/spawned-worker.ts).
      startValidator: () => new SpawnedWorker(IMPORT_VALIDATOR),
      signal: controller.signal,
    });
  } finally {
    runningImports.delete(req.id);
  }
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.type) {
    case 'load':
      return load();
    case 'open':
      return open(req.today);
    case 'compute':
      return compute(req);
    case 'trace':
      return trace(req.taskId);
    case 'import':
      return runImport(req);
    case 'cancel-import':
      runningImports.get(req.importRequest)?.abort();
      return null;
    case 'remove':
      return removeSource(db, req.source);
  }
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  if (spawnNews(e.data)) return;
  const req = e.data;
  let reply: WorkerReply;
  try {
    reply = { id: req.id, ok: true, result: await handle(req) };
  } catch (error) {
    reply = { id: req.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  post(reply);
};

const post = (message: WorkerReply | WorkerProgress) => (self as unknown as Worker).postMessage(message);
