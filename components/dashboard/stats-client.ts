import { today } from './format';
import { IMPORT_VALIDATOR, type ImportProgress, type OpenResult, type WorkerProgress, type WorkerReply, type WorkerRequest } from '@/lib/stats/worker-protocol';
import { serveSpawns } from '@/lib/util/spawned-worker';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The page's side of the stats worker: one worker per page, a promise per request. Started by the
 * page's entry before React and the charts are even parsed, so the first figures are being
 * computed while the page loads.
 */
class StatsClient {
  private readonly worker = new Worker(new URL('../../lib/stats/stats.worker.ts', import.meta.url), { type: 'module' });
  /** The import's validators, started here for the stats worker (lib/util/spawned-worker.ts). */
  private readonly spawns = serveSpawns(this.worker, {
    [IMPORT_VALIDATOR]: () => new Worker(new URL('../../lib/stats/import-validator.worker.ts', import.meta.url), { type: 'module' }),
  });
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; progress?(p: ImportProgress): void }>();
  private nextId = 1;
  /** The first view, asked for as soon as the page starts. */
  readonly opening: Promise<OpenResult>;

  constructor() {
    this.worker.onmessage = (e: MessageEvent<WorkerReply | WorkerProgress>) => {
      if (this.spawns.handles(e.data)) return;
      const message = e.data;
      const p = this.pending.get(message.id);
      if ('progress' in message) return p?.progress?.(message.progress);
      this.pending.delete(message.id);
      if (message.ok) p?.resolve(message.result);
      else p?.reject(new Error(message.error));
    };
    this.opening = this.request<OpenResult>({ type: 'open', today: today() });
  }

  request<T>(req: Request, progress?: (p: ImportProgress) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      this.worker.postMessage({ ...req, id });
    });
  }
}

export const stats = new StatsClient();
