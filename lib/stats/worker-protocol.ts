import type { StatsFilter } from './filters';
import type { Metrics } from './metrics';
import type { DayPoint, HabitSegment, Insight, ProviderHealth } from './breakdowns';
import type { ReadinessItem, ReadinessTargets } from './readiness';
import type { TaskFacts } from './task-facts';
import type { ImportFile, ImportOutcome } from './team-import';
import type { AxEvent } from '../log/schema';

/** Messages between the dashboard page and the stats worker (both ours; no validation needed). */
export type WorkerRequest =
  | { id: number; type: 'load' }
  | { id: number; type: 'compute'; filter: StatsFilter; targets: ReadinessTargets; seats: number; compare: Comparison | null }
  | { id: number; type: 'trace'; taskId: string }
  | { id: number; type: 'import'; files: ImportFile[] }
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
  readiness: ReadinessItem[];
  comparison: { a: Metrics; b: Metrics } | null;
  tasks: TaskFacts[];
  computeMs: number;
}

export type TraceResult = { facts: TaskFacts | null; events: AxEvent[] };

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type { ImportOutcome };
