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
