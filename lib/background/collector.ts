import type { AxTraceDb } from '../log/db';
import { chainSlice } from '../log/event-store';
import type { AxEvent } from '../log/schema';
import { otlpLogRecords } from '../export/otlp-logs';
import { resource, SCOPE } from '../export/otlp-common';

export interface CollectorConfig {
  endpoint: string;
  headers: Record<string, string>;
  batchSize: number;
}

const CURSOR_KEY = 'collectorCursor';
const TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export type CollectorStatus = { pushed: number; lastError: string | null; retryInMs: number | null };

/**
 * Pushes the local log to an OTLP/HTTP JSON receiver, in chain order. The log itself is the
 * durable queue: a cursor (the last seq the receiver acknowledged) is stored only after a 2xx, so
 * nothing is lost offline or across restarts; every record carries its event id, so a batch resent
 * after an unacknowledged success is recognisable by the receiver.
 */
export class Collector {
  private running: Promise<void> | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = new AbortController();
  status: CollectorStatus = { pushed: 0, lastError: null, retryInMs: null };

  constructor(
    private readonly db: AxTraceDb,
    private readonly installId: string,
    private readonly config: () => CollectorConfig | null,
    private readonly options: { timeoutMs?: number; backoffMs?: number; fetch?: typeof fetch } = {},
  ) {}

  /** Starts a push unless one is running or a retry is already scheduled. */
  kick(): Promise<void> {
    if (this.timer || this.stopped.signal.aborted) return Promise.resolve();
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    const config = this.config();
    if (!config) return;
    while (!this.stopped.signal.aborted) {
      const cursor = ((await this.db.meta.get(`${CURSOR_KEY}:${this.installId}`))?.value as number | undefined) ?? -1;
      const batch = await chainSlice(this.db, this.installId, cursor + 1, config.batchSize);
      if (!batch.length) return;
      try {
        await this.post(config, batch);
      } catch (error) {
        // A stopped collector must not retry: its successor pushes from the same cursor.
        if (!this.stopped.signal.aborted) this.scheduleRetry((error as Error).message);
        return;
      }
      this.failures = 0;
      this.status = { pushed: this.status.pushed + batch.length, lastError: null, retryInMs: null };
      await this.db.meta.put({ key: `${CURSOR_KEY}:${this.installId}`, value: batch[batch.length - 1].seq });
    }
  }

  private async post(config: CollectorConfig, batch: AxEvent[]): Promise<void> {
    const first = batch[0];
    const body = {
      resourceLogs: [{ resource: resource(first.installId, first.extVersion, first.pilotId, first.teamId), scopeLogs: [{ scope: SCOPE, logRecords: batch.flatMap(otlpLogRecords) }] }],
    };
    const doFetch = this.options.fetch ?? fetch;
    // A timer of our own rather than AbortSignal.timeout(): held only by AbortSignal.any(), a
    // timeout signal can be garbage-collected before it fires (Node, nodejs/node#57736), and the
    // request then waits for ever.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('the collector did not answer in time', 'TimeoutError')), this.options.timeoutMs ?? TIMEOUT_MS);
    try {
      const res = await doFetch(config.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...config.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.any([timeout.signal, this.stopped.signal]),
      });
      if (!res.ok) throw new Error(`the collector answered ${res.status}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleRetry(reason: string): void {
    const delay = Math.min(MAX_BACKOFF_MS, (this.options.backoffMs ?? 1000) * 2 ** this.failures++) * (0.8 + Math.random() * 0.4);
    this.status = { ...this.status, lastError: reason, retryInMs: Math.round(delay) };
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.kick();
    }, delay);
  }

  /** Stops for good, including a request in flight (which then counts as not acknowledged). */
  stop(): void {
    this.stopped.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
