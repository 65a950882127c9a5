/**
 * Where an export is written while it runs: a file on disk in the origin private file system
 * (OPFS), chunk by chunk, so a log of millions of events never sits in memory. The finished file
 * is handed to the download as a disk-backed File. Works in extension pages and their workers in
 * Chromium and in Firefox ESR 140 (checked: navigator.storage.getDirectory() and createWritable()
 * work there), without a save dialog.
 */
export interface ExportFile {
  /** Resolves once the previous chunk is on disk, so one write is under way while the next is encoded. */
  write(chunk: Uint8Array): Promise<void>;
  /** Closes the file and returns it, still on disk. */
  finish(): Promise<Blob>;
  /** Drops the partial file: nothing is left behind. */
  discard(): Promise<void>;
  /** 'opfs' on disk; 'blob' for the fallback below. */
  readonly kind: 'opfs' | 'blob';
}

const DIR = 'axtrace-exports';
/**
 * A download reads the File after the page has handed it over, and pages cannot learn when it has
 * finished without the "downloads" permission, so a finished file is removed this long after the
 * download starts (or, if the page is closed first, by the sweep at the next visit).
 */
export const KEEP_FINISHED_MS = 10 * 60_000;

export async function openExportFile(name: string): Promise<ExportFile> {
  const opfs = await opfsDirectory();
  return opfs ? openOpfsFile(opfs, name) : blobFile();
}

async function opfsDirectory(): Promise<FileSystemDirectoryHandle | null> {
  if (typeof FileSystemFileHandle === 'undefined' || typeof FileSystemFileHandle.prototype.createWritable !== 'function') return null;
  try {
    return await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
  } catch {
    return null; // e.g. Firefox private windows, which have no origin private file system
  }
}

/** Synchronous access to an OPFS file: dedicated workers only, and much faster than a writable stream. */
interface SyncAccessHandle {
  write(data: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

async function openOpfsFile(dir: FileSystemDirectoryHandle, name: string): Promise<ExportFile> {
  const handle = await dir.getFileHandle(name, { create: true });
  const remove = () => dir.removeEntry(name).catch(() => undefined);
  const syncAccess = (handle as unknown as { createSyncAccessHandle?(): Promise<SyncAccessHandle> }).createSyncAccessHandle;
  if (typeof syncAccess === 'function' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined') {
    const access = await syncAccess.call(handle);
    let at = 0;
    let open = true;
    const close = () => {
      if (open) access.close();
      open = false;
    };
    return {
      kind: 'opfs',
      async write(chunk) {
        const n = access.write(chunk, { at });
        if (n !== chunk.length) throw new Error(`the disk took ${n} of ${chunk.length} bytes (full?)`);
        at += n;
      },
      async finish() {
        access.flush();
        close();
        return handle.getFile();
      },
      async discard() {
        close();
        await remove();
      },
    };
  }
  const writable = await handle.createWritable();
  let open = true;
  let writing: Promise<void> = Promise.resolve();
  return {
    kind: 'opfs',
    async write(chunk) {
      await writing;
      writing = writable.write(chunk as Uint8Array<ArrayBuffer>);
      writing.catch(() => undefined); // reported by the next write or by finish()
    },
    async finish() {
      open = false;
      await writing;
      await writable.close();
      return handle.getFile();
    },
    async discard() {
      await writing.catch(() => undefined);
      if (open) await writable.abort().catch(() => undefined);
      open = false;
      await remove();
    },
  };
}

/**
 * Fallback where there is no OPFS (or no createWritable): text is gathered into Blobs of a few MB
 * as it comes. Blob data lives outside the JavaScript heap and Chromium moves large blobs to disk,
 * so the heap stays flat; whether the bytes stay in memory is up to the browser.
 */
function blobFile(): ExportFile {
  const PART = 4 * 1024 * 1024;
  let parts: Blob[] = [];
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  const seal = () => {
    if (pending.length) parts.push(new Blob(pending));
    pending = [];
    pendingBytes = 0;
  };
  return {
    kind: 'blob',
    async write(chunk) {
      pending.push(chunk as Uint8Array<ArrayBuffer>);
      pendingBytes += chunk.length;
      if (pendingBytes >= PART) seal();
    },
    async finish() {
      seal();
      return new Blob(parts);
    },
    async discard() {
      parts = [];
      pending = [];
    },
  };
}

/** Removes one export file (a finished one, once its download cannot need it any more). */
export async function removeExportFile(name: string): Promise<void> {
  await (await opfsDirectory())?.removeEntry(name).catch(() => undefined);
}

/** Removes export files left from earlier visits (finished and downloaded, or from a crashed tab). */
export async function sweepExportFiles(olderThanMs = KEEP_FINISHED_MS, now = Date.now()): Promise<number> {
  const dir = await opfsDirectory();
  if (!dir) return 0;
  let removed = 0;
  // FileSystemDirectoryHandle is async-iterable in both browsers; TypeScript's DOM lib lacks it.
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    const file = await dir.getFileHandle(name).then((h) => h.getFile()).catch(() => null);
    if (file && now - file.lastModified < olderThanMs) continue;
    await dir.removeEntry(name).catch(() => undefined);
    removed++;
  }
  return removed;
}

/** Names of the export files currently kept on disk (for tests and the options page). */
export async function listExportFiles(): Promise<{ name: string; bytes: number }[]> {
  const dir = await opfsDirectory();
  if (!dir) return [];
  const out: { name: string; bytes: number }[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    const file = await dir.getFileHandle(name).then((h) => h.getFile()).catch(() => null);
    if (file) out.push({ name, bytes: file.size });
  }
  return out;
}
