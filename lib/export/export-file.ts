/**
 * Where an export is written while it runs: a file on disk in the origin private file system
 * (OPFS), chunk by chunk, so a log of millions of events never sits in memory. The finished file
 * is handed to the download as a disk-backed File. Works in extension pages of Chromium and of
 * Firefox ESR 140 (checked: navigator.storage.getDirectory() and createWritable() both work on
 * moz-extension:// pages), without a save dialog.
 */
export interface ExportFile {
  write(chunk: string): Promise<void>;
  /** Closes the file and returns it, still on disk. */
  finish(): Promise<Blob>;
  /** Drops the partial file: nothing is left behind. */
  discard(): Promise<void>;
  /** Removes the finished file once its download cannot need it any more. */
  remove(): Promise<void>;
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

async function openOpfsFile(dir: FileSystemDirectoryHandle, name: string): Promise<ExportFile> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  let open = true;
  const remove = () => dir.removeEntry(name).catch(() => undefined);
  return {
    kind: 'opfs',
    write: (chunk) => writable.write(chunk),
    async finish() {
      open = false;
      await writable.close();
      return handle.getFile();
    },
    async discard() {
      if (open) await writable.abort().catch(() => undefined);
      open = false;
      await remove();
    },
    remove,
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
  let pending: string[] = [];
  let pendingChars = 0;
  const seal = () => {
    if (pending.length) parts.push(new Blob(pending));
    pending = [];
    pendingChars = 0;
  };
  return {
    kind: 'blob',
    async write(chunk) {
      pending.push(chunk);
      pendingChars += chunk.length;
      if (pendingChars >= PART) seal();
    },
    async finish() {
      seal();
      return new Blob(parts);
    },
    async discard() {
      parts = [];
      pending = [];
    },
    async remove() {
      parts = [];
    },
  };
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
