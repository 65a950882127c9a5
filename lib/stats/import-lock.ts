import type { AxTraceDb } from '../log/db';

/**
 * Held while an import runs, so another dashboard tab does not undo an import still in progress
 * and retention does not purge between its batches.
 */
export const IMPORT_LOCK = 'axtrace-team-import';

/**
 * Runs `work` holding IMPORT_LOCK, once it is free (directly where there are no Web Locks: Node).
 * When another tab holds it, `onWait` is told first; aborting `signal` while it waits rejects
 * without running `work`.
 */
export async function underImportLock<T>(work: () => Promise<T>, { signal, onWait }: { signal?: AbortSignal; onWait?: () => void } = {}): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return work();
  if (onWait) {
    const free = await navigator.locks.request(IMPORT_LOCK, { ifAvailable: true }, async (lock) => (lock ? { done: await work() } : null));
    if (free) return free.done;
    onWait();
  }
  return signal ? navigator.locks.request(IMPORT_LOCK, { signal }, work) : navigator.locks.request(IMPORT_LOCK, work);
}

/**
 * Finishes work a closed tab or a crash left half-way, marked in `db.meta` under `key` (an
 * import to undo, a removal to end), unless another tab holds the lock (its own work is then in
 * progress, not left behind). Whether there was any.
 */
export async function finishPending<T>(db: AxTraceDb, key: string, finish: (pending: T) => Promise<void>): Promise<boolean> {
  const run = async () => {
    const row = await db.meta.get(key);
    if (!row) return false;
    await finish(row.value as T);
    return true;
  };
  if (typeof navigator === 'undefined' || !navigator.locks) return run();
  return navigator.locks.request(IMPORT_LOCK, { ifAvailable: true }, (lock) => (lock ? run() : false));
}
