import type { AxTraceDb } from '../log/db';
import { AxEvent } from '../log/schema';
import { eventHashAsync, exportedEventProblem } from '../log/chain';
import { linesOf } from '../util/lines';
import { updateTaskFacts } from './facts-store';
import { IMPORT_LOCK, PENDING_IMPORT_KEY, rollBackImport, type PendingImport } from './import-rollback';

/** A dropped file (a File satisfies it). */
export interface ImportFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}

export type ImportOutcome =
  | { ok: true; added: number; duplicates: number; sources: string[] }
  | { ok: false; error: string };

export interface ImportProgress {
  file: string;
  lines: number;
  /** Bytes read of all files together, and their total: the progress bar. */
  bytes: number;
  totalBytes: number;
}

const BATCH = 2000;


/** The label an imported file's data carries (its name without extension), shown and removable. */
export function sourceOf(fileName: string): string {
  return fileName.replace(/\.(nd)?json$/i, '').slice(0, 100) || 'import';
}

class ImportError extends Error {}

/**
 * Imports staff exports (NDJSON, one event per line; a manifest .json beside them is skipped),
 * streamed line by line so memory does not grow with the files: every line validated, each
 * install's chain checked, events deduplicated by id against the log and each other, written in
 * batches tagged with this import's id. A bad line anywhere, or a failed write, undoes the whole
 * import (lib/stats/import-rollback.ts), so a bad file changes nothing; the error names the file
 * and line.
 */
export async function importTeamFiles(db: AxTraceDb, files: ImportFile[], options: ImportOptions = {}): Promise<ImportOutcome> {
  const run = () => importUnderLock(db, files.filter((f) => !isManifest(f)), options);
  if (typeof navigator === 'undefined' || !navigator.locks) return run();
  return navigator.locks.request(IMPORT_LOCK, run);
}

export interface ImportOptions {
  onProgress?(p: ImportProgress): void;
  /** Events per write transaction. */
  batchSize?: number;
}

async function importUnderLock(db: AxTraceDb, files: ImportFile[], { onProgress, batchSize = BATCH }: ImportOptions): Promise<ImportOutcome> {
  const pending: PendingImport = { importId: crypto.randomUUID(), sources: [...new Set(files.map((f) => sourceOf(f.name)))] };
  await db.meta.put({ key: PENDING_IMPORT_KEY, value: pending });
  const totalBytes = files.reduce((s, f) => s + f.size, 0);
  const chains = new ChainLinks();
  let added = 0;
  let seen = 0;
  let bytesBefore = 0;
  const touched = new Set<string>();
  try {
    for (const file of files) {
      const source = sourceOf(file.name);
      let batch: { event: AxEvent; where: string }[] = [];
      const flush = async () => {
        // Hashes in parallel with the native SHA-256, then the chain checks in file order.
        const hashes = await Promise.all(batch.map((b) => eventHashAsync(b.event)));
        batch.forEach((b, i) => chains.push(b.event, b.where, hashes[i]));
        const fresh = await writeBatch(db, batch.map((b) => b.event), source, pending.importId);
        if (fresh) touched.add(source);
        added += fresh;
        batch = [];
      };
      for await (const { line, number, bytes } of linesOf(file.stream())) {
        const text = line.trim();
        if (!text) continue;
        const where = `${file.name} line ${number}`;
        batch.push({ event: parseLine(text, where), where });
        seen++;
        if (batch.length >= batchSize) {
          await flush();
          onProgress?.({ file: file.name, lines: number, bytes: bytesBefore + bytes, totalBytes });
        }
      }
      await flush();
      bytesBefore += file.size;
    }
    chains.checkBoundaries();
  } catch (error) {
    await rollBackImport(db, pending);
    const message = error instanceof ImportError ? error.message : `the import could not be written (${(error as Error).message}).`;
    return { ok: false, error: `${message} Nothing was imported.` };
  }
  await db.meta.delete(PENDING_IMPORT_KEY);
  return { ok: true, added, duplicates: seen - added, sources: pending.sources.filter((s) => touched.has(s)) };
}

function parseLine(text: string, where: string): AxEvent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError(`${where} is not JSON.`);
  }
  const result = AxEvent.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ImportError(`${where}: ${issue.path.join('.') || 'event'} ${issue.message}.`);
  }
  return result.data;
}

/** Stores the events not already here (locally or from an earlier import or batch) with their rollups. */
async function writeBatch(db: AxTraceDb, batch: AxEvent[], source: string, importId: string): Promise<number> {
  if (!batch.length) return 0;
  return db.transaction('rw', [db.events, db.imported, db.tasks, db.cellBlocks], async () => {
    const known = await knownIds(db, batch);
    const fresh = batch.filter((e) => !known.has(e.id) && (known.add(e.id), true));
    if (!fresh.length) return 0;
    await db.imported.bulkAdd(fresh.map((e) => ({ ...e, importSource: source, importId })));
    await updateTaskFacts(db, fresh, source);
    return fresh.length;
  });
}

/**
 * The ids of a batch that are already stored, found by each install's seq range (one short index
 * scan per install and table; usually empty) rather than by looking up thousands of ids.
 */
async function knownIds(db: AxTraceDb, batch: AxEvent[]): Promise<Set<string>> {
  const ranges = new Map<string, [number, number]>();
  for (const e of batch) {
    const r = ranges.get(e.installId);
    if (!r) ranges.set(e.installId, [e.seq, e.seq]);
    else (r[0] = Math.min(r[0], e.seq)), (r[1] = Math.max(r[1], e.seq));
  }
  const found = await Promise.all(
    [...ranges].flatMap(([installId, [from, to]]) =>
      [db.events, db.imported].map((table) => table.where('[installId+seq]').between([installId, from], [installId, to], true, true).primaryKeys()),
    ),
  );
  return new Set(found.flat());
}

/**
 * The chain checks of an export, streamed: every event's hash must match its content; an event
 * must link to the one before it in its file when that is its direct predecessor; and where one
 * file's run of an install's events ends just before another's begins, the two must link too.
 * (Filtered exports may skip seqs.) Memory: the last event per install, and two entries per run.
 */
class ChainLinks {
  private last = new Map<string, AxEvent>();
  private runStarts: { installId: string; seq: number; prevHash: string; id: string; where: string }[] = [];
  private runEnds = new Map<string, string>();

  push(event: AxEvent, where: string, computedHash: string): void {
    const prev = this.last.get(event.installId);
    // The same event from two overlapping files is one event, not a broken link (its hash is still checked).
    const problem = exportedEventProblem(prev && prev.id !== event.id && prev.seq + 1 === event.seq ? prev : undefined, event, computedHash);
    if (problem === 'hash') throw new ImportError(`${where}: event ${event.id} was changed after it was recorded (its hash does not match).`);
    if (problem === 'link') throw new ImportError(`${where}: event ${event.id} does not link to the event before it in its install's chain.`);
    if (!prev || prev.seq + 1 !== event.seq) {
      if (prev) this.runEnds.set(`${prev.installId}:${prev.seq}`, prev.hash);
      this.runStarts.push({ installId: event.installId, seq: event.seq, prevHash: event.prevHash, id: event.id, where });
    }
    this.last.set(event.installId, event);
  }

  checkBoundaries(): void {
    for (const e of this.last.values()) this.runEnds.set(`${e.installId}:${e.seq}`, e.hash);
    this.last.clear();
    for (const start of this.runStarts) {
      const before = this.runEnds.get(`${start.installId}:${start.seq - 1}`);
      if (before !== undefined && before !== start.prevHash) throw new ImportError(`${start.where}: event ${start.id} does not link to the event before it in its install's chain.`);
    }
  }
}

function isManifest(file: { name: string }): boolean {
  return /manifest/i.test(file.name) && file.name.endsWith('.json');
}
