import { today } from './format';
import { IMPORT_VALIDATOR, type ImportProgress, type OpenResult, type WorkerProgress, type WorkerReply, type WorkerRequest } from '@/lib/stats/worker-protocol';
import { serveSpawns } from '@/lib/util/spawned-worker';
import type { ImportFile, ImportOutcome } from '@/lib/stats/team-import';

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
    return this.send<T>(req, progress).reply;
  }

  /** A team import; aborting `signal` asks the worker to stop it (it is then undone and answers as cancelled). */
  importFiles(files: ImportFile[], retentionDays: number | undefined, progress: (p: ImportProgress) => void, signal: AbortSignal): Promise<ImportOutcome> {
    const { id, reply } = this.send<ImportOutcome>({ type: 'import', files, retentionDays }, progress);
    const cancel = () => void this.request({ type: 'cancel-import', importRequest: id });
    signal.addEventListener('abort', cancel, { once: true });
    return reply.finally(() => signal.removeEventListener('abort', cancel));
  }

  private send<T>(req: Request, progress?: (p: ImportProgress) => void): { id: number; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      this.worker.postMessage({ ...req, id });
    });
    return { id, reply };
  }
}

export const stats = new StatsClient();
