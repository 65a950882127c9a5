import { useEffect, useRef } from 'react';
import type { WorkerReply, WorkerRequest } from '@/lib/stats/worker-protocol';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The stats worker, with a promise per request. */
export function useStatsWorker() {
  const worker = useRef<Worker | null>(null);
  const pending = useRef(new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>());
  const nextId = useRef(1);
  if (!worker.current) {
    worker.current = new Worker(new URL('../../lib/stats/stats.worker.ts', import.meta.url), { type: 'module' });
    worker.current.onmessage = (e: MessageEvent<WorkerReply>) => {
      const p = pending.current.get(e.data.id);
      pending.current.delete(e.data.id);
      if (e.data.ok) p?.resolve(e.data.result);
      else p?.reject(new Error(e.data.error));
    };
  }
  useEffect(() => () => worker.current?.terminate(), []);
  return function request<T>(req: Request): Promise<T> {
    const id = nextId.current++;
    return new Promise<T>((resolve, reject) => {
      pending.current.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.current!.postMessage({ ...req, id });
    });
  };
}
