import { sha256Hex } from '../util/hash';

/** Deterministic OpenTelemetry ids from AxTrace ids, so a re-export gives the same trace. */
export const traceIdOf = (taskId: string) => sha256Hex(`trace:${taskId}`).slice(0, 32);
export const taskSpanIdOf = (taskId: string) => sha256Hex(`task:${taskId}`).slice(0, 16);
export const suggestionSpanIdOf = (suggestionId: string) => sha256Hex(`suggestion:${suggestionId}`).slice(0, 16);
export const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
