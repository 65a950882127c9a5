import type { ExportFilter, ExportFormat, Manifest } from './exporter';
import { EXPORT_SINK } from './worker-sink';
import { serveSpawns } from '../util/spawned-worker';

export type RunnerRequest =
  | { type: 'start'; format: ExportFormat; fileName: string; filter: ExportFilter; config: { configHash: string; thresholds: { accepted: number; edited: number }; captureLevel: string } }
  | { type: 'cancel' };

export type RunnerReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; manifest: Manifest; file: Blob }
  | { type: 'failed'; cancelled: boolean; message: string };

export interface RunnerOptions {
  onProgress(done: number, total: number): void;
  signal: AbortSignal;
}

/**
 * Runs one export of the local log in a worker (export-runner.worker.ts) and resolves with its
 * manifest and the finished file, still on disk (OPFS). Rejects with an AbortError when cancelled
 * and with the export's own message when it failed; either way no file is left behind.
 */
export function exportInWorker(request: Omit<Extract<RunnerRequest, { type: 'start' }>, 'type'>, { onProgress, signal }: RunnerOptions): Promise<{ manifest: Manifest; file: Blob }> {
  const worker = new Worker(new URL('./export-runner.worker.ts', import.meta.url), { type: 'module' });
  // The runner's two workers (the file's and the hashes'), started here for it.
  const spawns = serveSpawns(worker, { [EXPORT_SINK]: () => new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' }) });
  return new Promise<{ manifest: Manifest; file: Blob }>((resolve, reject) => {
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies RunnerRequest);
    signal.addEventListener('abort', cancel, { once: true });
    worker.onmessage = (e: MessageEvent<RunnerReply>) => {
      if (spawns.handles(e.data)) return;
      const r = e.data;
      if (r.type === 'progress') return onProgress(r.done, r.total);
      signal.removeEventListener('abort', cancel);
      if (r.type === 'done') resolve({ manifest: r.manifest, file: r.file });
      else reject(r.cancelled ? new DOMException('Export cancelled', 'AbortError') : new Error(r.message));
    };
    worker.onerror = (e) => reject(new Error(e.message || 'the export worker stopped'));
    worker.postMessage({ type: 'start', ...request } satisfies RunnerRequest);
  }).finally(() => {
    spawns.endAll();
    worker.terminate();
  });
}
