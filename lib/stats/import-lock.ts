/**
 * Held while an import runs, so another dashboard tab does not undo an import still in progress
 * and retention does not purge between its batches.
 */
export const IMPORT_LOCK = 'axtrace-team-import';

/**
 * Runs `work` holding IMPORT_LOCK, once it is free (directly where there are no Web Locks: Node).
 * Aborting `signal` while it waits (another tab's import holds the lock) rejects without running it.
 */
export function underImportLock<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return work();
  return signal ? navigator.locks.request(IMPORT_LOCK, { signal }, work) : navigator.locks.request(IMPORT_LOCK, work);
}
