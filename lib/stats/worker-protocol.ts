import { addDays, type StatsFilter } from './filters';
import type { Metrics } from './metrics';
import type { DayPoint, HabitSegment, Insight, ProviderHealth } from './breakdowns';
import type { TaskFacts } from './task-facts';
import type { ImportFile, ImportOutcome, ImportProgress } from './team-import';
import type { AxEvent } from '../log/schema';

/** Messages between the dashboard page and the stats worker (both ours; no validation needed). */
export type WorkerRequest =
  | { id: number; type: 'load' }
  /** load, then compute the default view (the last DEFAULT_DAYS days of data): one round trip on opening. */
  | { id: number; type: 'open'; today: string }
  | { id: number; type: 'compute'; filter: StatsFilter; compare: Comparison | null }
  | { id: number; type: 'trace'; taskId: string }
  /** retentionDays: the pilot's retention period (0 keeps everything); older events are left out. */
  | { id: number; type: 'import'; files: ImportFile[]; retentionDays?: number }
  /** Stops the import asked for as request `importRequest`: it is undone and answers as cancelled. */
  | { id: number; type: 'cancel-import'; importRequest: number }
  | { id: number; type: 'remove'; source: string };

export interface Comparison {
  field: 'providerModel' | 'prompt';
  a: string;
  b: string;
}

export interface LoadResult {
  tasks: number;
  firstDay: string | null;
  lastDay: string | null;
  options: Record<'site' | 'workflow' | 'teamId' | 'actor' | 'source' | 'providerModel' | 'prompt', string[]>;
  sources: { source: string; events: number }[];
  loadMs: number;
}

export interface ComputeResult {
  metrics: Metrics;
  previous: Metrics;
  trend: DayPoint[];
  health: ProviderHealth[];
  habits: Record<HabitSegment, number>;
  insights: Insight[];
  comparison: { a: Metrics; b: Metrics } | null;
  tasks: TaskFacts[];
  computeMs: number;
}

export interface OpenResult {
  loaded: LoadResult;
  filter: StatsFilter;
  result: ComputeResult;
}

/** How many days the dashboard shows when it opens. */
export const DEFAULT_DAYS = 28;

/** The default view: the last DEFAULT_DAYS days up to the newest day with data (or today). */
export function defaultFilter(lastDay: string | null, today: string): StatsFilter {
  const end = lastDay && lastDay > today ? lastDay : today;
  return { from: addDays(lastDay ?? today, -(DEFAULT_DAYS - 1)), to: end };
}

export type TraceResult = { facts: TaskFacts | null; events: AxEvent[] };

/** Sent while a long request (an import) runs, before its reply. */
export type WorkerProgress = { id: number; progress: ImportProgress };

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type { ImportOutcome, ImportProgress };

/** The kind of worker the stats worker asks its page to start for an import (lib/util/spawned-worker.ts). */
export const IMPORT_VALIDATOR = 'import-validator';
