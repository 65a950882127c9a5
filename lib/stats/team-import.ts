import Dexie from 'dexie';
import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { linksToPrevious } from '../log/chain';
import { buildPage, importedPageKey, inMemory, linesOf, pageLines, readBodies, type ImportedPageHead, type PageBody, type ReadBody } from '../log/pages';
import type { ChainLink, ChunkRun } from './chunk-run';
import { ChunkBuffers, lineChunks, type LineChunk } from '../util/line-chunks';
import { ReadAhead } from '../util/read-ahead';
import { defaultValidators, openValidators, type Validators } from './validator-pool';
import type { ValidatedChunk } from './validate-chunk';
import { TaskFactsFolder } from './task-folder';
import { PENDING_IMPORT_KEY, rollBackImport, type PendingImport } from './import-rollback';
import { underImportLock } from './import-lock';
import { BatchWriter, type SeqSpan } from './batch-writer';
import type { WorkerLike } from '../util/spawned-worker';

/** A dropped file (a File satisfies it). */
export interface ImportFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
  /**
   * Bytes of the file again: a run's page body, stored as this Blob; a validator's chunks, read
   * anew when it stops; the file from where a read stalled.
   */
  slice(start: number, end: number): Blob;
}

export type ImportOutcome =
  /** `expired`: events older than the retention period (keepFrom), checked but left out. */
  | { ok: true; added: number; duplicates: number; expired: number; sources: string[] }
  /** `cancelled`: the person stopped it (ImportOptions.signal); nothing was changed. */
  | { ok: false; error: string; cancelled?: true };

export interface ImportProgress {
  file: string;
  lines: number;
  /** Bytes read of all files together, and their total: the progress bar. */
  bytes: number;
  totalBytes: number;
  /** Nothing read yet: the import waits for another tab's to end (the import lock). */
  waiting?: true;
}

/** Lines per batch at most: each batch's new events of an install become one page (PAGE_SIZE). */
const BATCH = 2000;
/** Bytes of whole lines per chunk validated at a time: about a batch of an export's lines. */
const CHUNK_BYTES = 1.5 * (1 << 20);
/**
 * Batches validated ahead while others are written (and at most batches per transaction):
 * validation overlaps IndexedDB's writes.
 */
const WRITES_AHEAD = 3;
/** Chunks handed to the validators and not yet taken back, per validator: one at work, one waiting. */
const CHUNKS_PER_VALIDATOR = 2;
/**
 * How long a file's read may bring nothing before it is read again from there (a local file's
 * chunk takes milliseconds), and how many times (line-chunks.ts, ReadAgain).
 */
const READ_STALL_MS = 10_000;
const READ_RESTARTS = 3;

/** The label an imported file's data carries (its name without extension), shown and removable. */
export function sourceOf(fileName: string): string {
  return fileName.replace(/\.(nd)?json$/i, '').slice(0, 100) || 'import';
}

class ImportError extends Error {}

const CANCELLED: ImportOutcome = { ok: false, cancelled: true, error: 'The import was cancelled. Nothing was imported.' };

/** A validated line: the event, its canonical JSON (what a page stores) and its line number in its file. */
interface Checked {
  event: AxEvent;
  line: string;
  number: number;
}

const where = (file: string, line: number) => `${file} line ${line}`;

/**
 * Imports staff exports (NDJSON, one event per line; a manifest .json beside them is skipped),
 * streamed in chunks of lines so memory does not grow with the files: every line validated with
 * the schema and its hash checked on validator workers (validator-pool.ts), their results taken
 * in file order; each install's chain checked (links, and links across files), events
 * deduplicated against the log's pages and earlier imports by each install's seq
 * range, and stored as pages (lib/log/pages.ts) tagged with this import's id, a batch per
 * transaction while the next batches are validated. Task rollups are folded in memory across
 * batches (a bounded cache of task blocks, TaskFactsFolder) so each is written about once. A bad line
 * anywhere, or a failed write, undoes the whole import (lib/stats/import-rollback.ts), so a bad
 * file changes nothing; the error names the file and line.
 */
export async function importTeamFiles(db: AxTraceDb, files: ImportFile[], options: ImportOptions = {}): Promise<ImportOutcome> {
  try {
    const imported = files.filter((f) => !isManifest(f));
    const waiting = () => options.onProgress?.({ file: '', lines: 0, bytes: 0, totalBytes: 0, waiting: true });
    return await underImportLock(() => importUnderLock(db, imported, options), { signal: options.signal, onWait: waiting });
  } catch (error) {
    // Cancelled while another tab's import held the lock: nothing was begun.
    if (options.signal?.aborted) return CANCELLED;
    throw error;
  }
}

export interface ImportOptions {
  onProgress?(p: ImportProgress): void;
  /** Lines per batch (and so at most events per page). */
  batchSize?: number;
  /** Bytes of whole lines per chunk handed to a validator (a longer line makes a chunk of its own). */
  chunkBytes?: number;
  /** Task blocks held in memory before the least recently used are written (lib/stats/task-folder.ts). */
  maxHeldTaskBlocks?: number;
  /** Tasks per task block. */
  tasksPerBlock?: number;
  /** Daily cell blocks held likewise. */
  maxHeldBlocks?: number;
  /**
   * Whether a validator may hand back a chunk of one install's chain as a run (chunk-run.ts), its
   * page and task parts made there (default). Off, every chunk goes line by line: the result is
   * the same (tests compare the two), only slower.
   */
  runs?: boolean;
  /** Validator workers (0: validate on this thread). */
  validators?: number;
  /** How a validator worker is started (none: validation on this thread). */
  startValidator?: () => WorkerLike;
  /** Milliseconds a validator with chunks may give no answer before they are validated on this thread. */
  validatorSilenceMs?: number;
  /**
   * The retention period's start (ms): older events are validated and their chains checked like
   * any others, but not stored, as retention would purge them (lib/stats/imported-retention.ts).
   */
  keepFrom?: number;
  /** Milliseconds a read of a file may bring nothing before it is read again from there (READ_RESTARTS times, then the import fails). */
  readStallMs?: number;
  /**
   * Aborted: the import stops at its next chunk (or before its last write) and is undone, as a
   * bad file's is; waiting for another tab's import to end, it does not start. Once its last
   * write has begun it completes.
   */
  signal?: AbortSignal;
}

async function importUnderLock(db: AxTraceDb, files: ImportFile[], { onProgress, batchSize = BATCH, chunkBytes = CHUNK_BYTES, maxHeldTaskBlocks, tasksPerBlock, maxHeldBlocks, validators: size = defaultValidators(), startValidator, validatorSilenceMs, keepFrom, runs = true, readStallMs = READ_STALL_MS, signal }: ImportOptions): Promise<ImportOutcome> {
  const pending: PendingImport = { importId: crypto.randomUUID(), sources: [...new Set(files.map((f) => sourceOf(f.name)))] };
  await db.meta.put({ key: PENDING_IMPORT_KEY, value: pending });
  const totalBytes = files.reduce((s, f) => s + f.size, 0);
  const chains = new ChainLinks();
  const validators = openValidators(size, startValidator, validatorSilenceMs);
  const folder = new TaskFactsFolder(db, { maxBlocks: maxHeldTaskBlocks, tasksPerBlock, maxCellBlocks: maxHeldBlocks });
  const known = new KnownEvents(db);
  let added = 0;
  let seen = 0;
  let expired = 0;
  let offset = 0;
  const bytesBefore = new Map(files.map((f) => [f, (offset += f.size) - f.size]));
  const touched = new Set<string>();
  const writes = new BatchWriter(
    async (group) => {
      const batches = await known.prepare(group);
      const counts = await writeBatches(db, batches, pending.importId, known, folder);
      counts.forEach((n, i) => {
        added += n;
        if (n) touched.add(batches[i].source);
      });
    },
    { ahead: WRITES_AHEAD, perTransaction: WRITES_AHEAD, spansOf: seqSpans },
  );
  try {
    signal?.throwIfAborted();
    for await (const { file, start, end, firstLine, result } of validatedInOrder(files, validators, { chunkBytes, runUpTo: runs ? batchSize : 0, readStallMs }, size * CHUNKS_PER_VALIDATOR || 1)) {
      signal?.throwIfAborted();
      const source = sourceOf(file.name);
      const { run } = result;
      // A body that is the file's bytes as they are goes from the file to the database as its slice.
      const body = run && (typeof run.body === 'string' ? run.body : file.slice(start, start + run.body.bytes));
      if (run && body !== undefined && (keepFrom === undefined || run.fromTs >= keepFrom)) {
        // Its validator checked the links inside the run: only its ends meet other events.
        chains.pushRun(run.first, run.last, file.name, firstLine - 1 + result.numbers[0]);
        seen += run.count;
        await writes.push({ run, body, numbers: result.numbers, firstLine, source, file: file.name });
      } else {
        const lines = checkedLines(body === undefined ? result.lines : await linesOfBody(body), result.numbers, firstLine);
        // Links are checked up to a bad line, so the first problem in file order is the one reported.
        for (const b of lines) chains.push(b.event, file.name, b.number);
        const { failure } = result;
        if (failure) throw failure.line ? new ImportError(`${where(file.name, firstLine - 1 + failure.line)}${failure.message}`) : new Error(failure.message);
        const kept = keepFrom === undefined ? lines : lines.filter((b) => b.event.ts >= keepFrom);
        expired += lines.length - kept.length;
        seen += kept.length;
        for (let at = 0; at < kept.length; at += batchSize) await writes.push({ lines: kept.slice(at, at + batchSize), source, file: file.name });
      }
      onProgress?.({ file: file.name, lines: firstLine - 1 + result.lineCount, bytes: bytesBefore.get(file)! + end, totalBytes });
    }
    chains.checkBoundaries();
    await writes.drain();
    signal?.throwIfAborted();
    await db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], () => folder.flush());
  } catch (error) {
    validators.close();
    await writes.settle();
    await rollBackImport(db, pending);
    // Undone like a failure, reported as the person's own choice.
    if (signal?.aborted) return CANCELLED;
    const message = error instanceof ImportError ? error.message : `the import could not be written (${(error as Error).message}).`;
    return { ok: false, error: `${message} Nothing was imported.` };
  }
  validators.close();
  await db.meta.delete(PENDING_IMPORT_KEY);
  return { ok: true, added, duplicates: seen - added, expired, sources: pending.sources.filter((s) => touched.has(s)) };
}

/** A chunk handed to a validator (its bytes go with it): its file, where it starts and ends there, and the validator's answer. */
interface Dispatched {
  file: ImportFile;
  start: number;
  end: number;
  result: Promise<ValidatedChunk>;
}

/**
 * The files' chunks of lines with their validators' results, in file order, while up to
 * `inFlight` later chunks are being validated: across files too, so the validators do not wait
 * at a file's end. The files are read ahead by a loop of their own (lib/util/read-ahead.ts), so
 * reading them (a round trip to the browser for every piece) overlaps with this thread's work on
 * earlier chunks and its waits for IndexedDB. Each comes with the number of its first line in its
 * file, counted from the results before it, and where it starts and ends in the file.
 * Memory: `inFlight` chunks and their results, and the batches waiting to be written.
 */
async function* validatedInOrder(files: ImportFile[], validators: Validators, { chunkBytes, runUpTo, readStallMs }: { chunkBytes: number; runUpTo: number; readStallMs: number }, inFlight: number): AsyncGenerator<{ file: ImportFile; start: number; end: number; firstLine: number; result: ValidatedChunk }> {
  const ahead = new ReadAhead<Dispatched>(inFlight);
  // The chunks' buffers come back with their results: the files are read into the same few.
  const buffers = new ChunkBuffers(chunkBytes + 1, inFlight + 2);
  const reading = ahead.run(async (dispatch) => {
    for (const file of files) {
      const chunks = lineChunks(file.stream(), chunkBytes, buffers, { from: (offset) => file.slice(offset, file.size).stream(), stallMs: readStallMs, restarts: READ_RESTARTS });
      for (;;) {
        let next: IteratorResult<LineChunk>;
        try {
          next = await chunks.next();
        } catch (error) {
          throw new ImportError(`${file.name} could not be read (${(error as Error).message}).`);
        }
        if (next.done) break;
        const { bytes, end } = next.value;
        const start = end - bytes.length;
        const again = async () => ({ bytes: new Uint8Array(await file.slice(start, end).arrayBuffer()), runUpTo });
        const result = validators.validate({ bytes, runUpTo }, again);
        // Left behind when an earlier chunk fails: its failure is not the import's.
        result.catch(() => {});
        if (!(await dispatch({ file, start, end, result }))) return void chunks.return(undefined);
      }
    }
  });
  const nextLine = new Map<ImportFile, number>();
  try {
    for (let next = await ahead.take(); next; next = await ahead.take()) {
      const firstLine = nextLine.get(next.file) ?? 1;
      const result = await next.result;
      buffers.give(result.buffer);
      nextLine.set(next.file, firstLine + result.lineCount);
      yield { file: next.file, start: next.start, end: next.end, firstLine, result };
    }
  } finally {
    ahead.stop();
    await reading;
  }
}

/** A validated batch of one file, waiting to be written: its lines, or a chunk that is one run (chunk-run.ts). */
type Batch = { source: string; file: string } & ({ lines: Checked[] } | RunBatch);

interface RunBatch {
  run: ChunkRun;
  /** The page body: the run's text, or its file's slice. */
  body: string | Blob;
  /** Its lines' numbers in their chunk, and the chunk's first line in its file: for lines made of it again. */
  numbers: Uint32Array;
  firstLine: number;
}

/** A run's lines, from its text or its file's slice (read outside any transaction). */
async function linesOfBody(body: string | Blob): Promise<string[]> {
  return linesOf(typeof body === 'string' ? body : await body.text());
}

/** Lines of a chunk with their events: the canonical JSON of a validated event parses back to that event (as a page's lines do). */
function checkedLines(lines: string[], numbers: Uint32Array, firstLine: number): Checked[] {
  return lines.map((line, i) => ({ event: JSON.parse(line) as AxEvent, line, number: firstLine - 1 + numbers[i] }));
}

/** Each install's seq range in a batch. */
function seqSpans(batch: Batch): SeqSpan[] {
  if ('run' in batch) return [{ installId: batch.run.first.installId, from: batch.run.first.seq, to: batch.run.last.seq }];
  return [...seqRanges(batch.lines.map((b) => b.event))].map(([installId, [from, to]]) => ({ installId, from, to }));
}

/** installId → the lowest and highest seq of its events. */
function seqRanges(events: AxEvent[]): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  for (const e of events) {
    const r = ranges.get(e.installId);
    if (!r) ranges.set(e.installId, [e.seq, e.seq]);
    else (r[0] = Math.min(r[0], e.seq)), (r[1] = Math.max(r[1], e.seq));
  }
  return ranges;
}

/**
 * Stores batches' events not already here — locally (the log's pages), from an
 * earlier import, or from an earlier batch or file of this one — as one page per install and
 * batch, and folds them into the task rollups. One transaction: its reads see every batch written
 * before it, in it or in earlier ones.
 */
async function writeBatches(db: AxTraceDb, batches: Batch[], importId: string, known: KnownEvents, folder: TaskFactsFolder): Promise<number[]> {
  return db.transaction('rw', [db.eventPages, db.importedPages, db.pageLines, db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => {
    const added: number[] = [];
    for (const batch of batches) added.push('run' in batch ? await writeRun(db, batch, importId, known, folder) : await writeBatch(db, batch, importId, known, folder));
    return added;
  });
}

/**
 * A run, inside writeBatches' transaction, where nothing is stored in its install's seq range (a
 * first import; KnownEvents.prepare made the others batches of lines): its page is written as its
 * validator made it, with its body as it came (its text, or its file's slice), and its task parts
 * merged.
 */
async function writeRun(db: AxTraceDb, { run, body, source }: RunBatch & { source: string }, importId: string, known: KnownEvents, folder: TaskFactsFolder): Promise<number> {
  const { installId, seq: fromSeq } = run.first;
  const toSeq = run.last.seq;
  const key = importedPageKey(importId, installId, fromSeq);
  known.wrote(installId, fromSeq, toSeq);
  const head: ImportedPageHead = { key, installId, fromSeq, toSeq, count: run.count, fromTs: run.fromTs, toTs: run.toTs, taskIds: run.taskIds, importId, importSource: source };
  await Promise.all([db.importedPages.add(head), db.pageLines.add({ key, lines: body }), folder.foldParts(run.tasks, source)]);
  return run.count;
}

/** One batch, inside writeBatches' transaction. */
async function writeBatch(db: AxTraceDb, { lines: batch, source, file }: { lines: Checked[]; source: string; file: string }, importId: string, known: KnownEvents, folder: TaskFactsFolder): Promise<number> {
  const stored = await known.storedIn(batch.map((b) => b.event));
  const fresh: Checked[] = [];
  const ids = new Set<string>();
  for (const b of batch) {
    const e = b.event;
    if (ids.has(e.id)) continue;
    // Nothing stored in the batch's ranges (a first import): no key to make per event.
    const there = stored.size ? stored.get(`${e.installId}:${e.seq}`) : undefined;
    if (there?.includes(e.id)) continue;
    if (there) throw new ImportError(`${where(file, b.number)}: event ${e.id} has seq ${e.seq} of its install, which already holds event ${there[0]}: the two logs disagree.`);
    ids.add(e.id);
    fresh.push(b);
  }
  if (!fresh.length) return 0;
  const heads: ImportedPageHead[] = [];
  const bodies: PageBody[] = [];
  for (const list of byInstall(fresh)) {
    list.sort((a, b) => a.event.seq - b.event.seq);
    for (let i = 1; i < list.length; i++) {
      if (list[i].event.seq === list[i - 1].event.seq) throw new ImportError(`${where(file, list[i].number)}: event ${list[i].event.id} has the same seq as event ${list[i - 1].event.id} of the same install: the two logs disagree.`);
    }
    const events = list.map((b) => b.event);
    const { head, body } = buildPage(importedPageKey(importId, events[0].installId, events[0].seq), events, list.map((b) => b.line));
    known.wrote(head.installId, head.fromSeq, head.toSeq);
    heads.push({ ...head, importId, importSource: source });
    bodies.push(body);
  }
  await Promise.all([db.importedPages.bulkAdd(heads), db.pageLines.bulkAdd(bodies), folder.fold(fresh.map((b) => b.event), source)]);
  return fresh.length;
}

function byInstall(batch: Checked[]): Checked[][] {
  const groups = new Map<string, Checked[]>();
  for (const b of batch) {
    const list = groups.get(b.event.installId);
    if (list) list.push(b);
    else groups.set(b.event.installId, [b]);
  }
  return [...groups.values()];
}

/**
 * What is already stored in a batch's seq range, per install: `installId:seq` → the ids there
 * (one, unless two logs disagree). Where anything can be stored is known from each install's
 * extents, read once when the import first meets the install: the log's own pages from the first
 * one's seq on (the recorder may add more while the import runs, and the sealer pack live ones
 * into sealed ones), the seq ranges of imported pages, and the pages this import writes. (An
 * install with no pages yet records only events newer than any file the import was given.) A
 * batch that meets none of them — most batches of a first import — costs no read at all.
 * Otherwise: the pages whose seq range meets the batch's, found by the [installId+toSeq] index
 * and read. Their bodies are read
 * before the batch's transaction (prepare), since an imported body may be a Blob, whose read
 * would end the transaction; the last pages read are kept (parsed), as overlapping files make
 * consecutive batches meet the same pages.
 */
class KnownEvents {
  private parsed = new Map<string, Map<number, string[]>>();
  private extents = new Map<string, [number, number][]>();

  constructor(private db: AxTraceDb) {}

  /** Notes a page this import has written, of an install whose extents have been read. */
  wrote(installId: string, fromSeq: number, toSeq: number): void {
    this.extents.get(installId)!.push([fromSeq, toSeq]);
  }

  /**
   * Before a transaction's batches (which meet no other's seq range: BatchWriter): a run whose
   * range may hold stored events becomes a batch of its lines, to be deduplicated, and the pages
   * that each batch of lines meets are read and parsed.
   */
  async prepare(batches: Batch[]): Promise<Batch[]> {
    while (this.parsed.size > 8) this.parsed.delete(this.parsed.keys().next().value!);
    const out: Batch[] = [];
    for (const batch of batches) {
      let ready = batch;
      if ('run' in batch) {
        const { run, body, numbers, firstLine, source, file } = batch;
        if (await this.mayHold(run.first.installId, run.first.seq, run.last.seq)) ready = { lines: checkedLines(await linesOfBody(body), numbers, firstLine), source, file };
      }
      if ('lines' in ready) await this.readPagesMeeting(ready.lines.map((b) => b.event));
      out.push(ready);
    }
    return out;
  }

  async storedIn(batch: AxEvent[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const add = (installId: string, seq: number, id: string) => {
      const key = `${installId}:${seq}`;
      const list = out.get(key);
      if (!list) out.set(key, [id]);
      else if (!list.includes(id)) list.push(id);
    };
    const { db } = this;
    await Promise.all(
      [...seqRanges(batch)].map(async ([installId, [from, to]]) => {
        if (!(await this.mayHold(installId, from, to))) return;
        for (const [seq, list] of await this.pagesSeqIds(await this.pagesMeeting(installId, from, to))) if (seq >= from && seq <= to) for (const id of list) add(installId, seq, id);
      }),
    );
    return out;
  }

  /** Whether events of an install in this seq range may be stored. */
  async mayHold(installId: string, from: number, to: number): Promise<boolean> {
    return (await this.extentsOf(installId)).some(([a, b]) => a <= to && b >= from);
  }

  /** The seq ranges where an install's events may be stored (read the first time the import meets it). */
  private async extentsOf(installId: string): Promise<[number, number][]> {
    const known = this.extents.get(installId);
    if (known) return known;
    const { db } = this;
    const lower = [installId, Dexie.minKey];
    const upper = [installId, Dexie.maxKey];
    const [own, imported] = await Promise.all([
      db.eventPages.where('[installId+toSeq]').between(lower, upper).toArray(),
      db.importedPages.where('[installId+toSeq]').between(lower, upper).toArray(),
    ]);
    const ownFrom = own.reduce((min, h) => Math.min(min, h.fromSeq), Infinity);
    const extents: [number, number][] = [...(own.length ? [[ownFrom, Infinity] as [number, number]] : []), ...imported.map((h) => [h.fromSeq, h.toSeq] as [number, number])];
    this.extents.set(installId, extents);
    return extents;
  }

  /** The keys of the pages (own sealed and imported) of an install whose seq range meets this one. */
  private async pagesMeeting(installId: string, from: number, to: number): Promise<string[]> {
    const pages = await Promise.all(
      [this.db.eventPages, this.db.importedPages].map((table) =>
        table.where('[installId+toSeq]').between([installId, from], [installId, Infinity], true, true).filter((h) => h.fromSeq <= to).primaryKeys(),
      ),
    );
    return pages.flat();
  }

  /** Reads and parses the pages these events' seq ranges meet (outside a transaction: prepare). */
  private async readPagesMeeting(events: AxEvent[]): Promise<void> {
    for (const [installId, [from, to]] of seqRanges(events)) {
      if (!(await this.mayHold(installId, from, to))) continue;
      const unread = (await this.pagesMeeting(installId, from, to)).filter((k) => !this.parsed.has(k));
      for (const body of await readBodies(this.db, unread)) if (body) this.parse(body);
    }
  }

  private parse(body: ReadBody): Map<number, string[]> {
    const map = new Map<number, string[]>();
    for (const line of pageLines(body)) {
      const { seq, id } = JSON.parse(line) as AxEvent;
      map.set(seq, [...(map.get(seq) ?? []), id]);
    }
    this.parsed.set(body.key, map);
    return map;
  }

  /**
   * seq → ids of the events of some pages (all of one install), inside the batch's transaction:
   * read by prepare, but for a page the recorder or the sealer has written since (text).
   */
  private async pagesSeqIds(keys: string[]): Promise<Map<number, string[]>> {
    const merged = new Map<number, string[]>();
    if (!keys.length) return merged;
    const unread = keys.filter((k) => !this.parsed.has(k));
    for (const body of unread.length ? await this.db.pageLines.bulkGet(unread) : []) if (body) this.parse(inMemory(body));
    for (const k of keys) for (const [seq, ids] of this.parsed.get(k) ?? []) merged.set(seq, [...(merged.get(seq) ?? []), ...ids]);
    return merged;
  }
}

/**
 * The chain checks of an export, streamed (each event's hash was checked with the line): an event
 * must link to the one before it in its file when that is its direct predecessor; and where one
 * file's run of an install's events ends just before another's begins, the two must link too.
 * (Filtered exports may skip seqs.) Memory: the last event per install, and two entries per run.
 */
class ChainLinks {
  private last = new Map<string, ChainLink>();
  private runStarts: { installId: string; seq: number; prevHash: string; id: string; file: string; line: number }[] = [];
  private runEnds = new Map<string, string>();

  push(event: ChainLink, file: string, line: number): void {
    const prev = this.last.get(event.installId);
    // The same event from two overlapping files is one event, not a broken link. Its hash was checked with its line (validate-chunk.ts).
    if (!linksToPrevious(prev && prev.id !== event.id && prev.seq + 1 === event.seq ? prev : undefined, event)) throw new ImportError(`${where(file, line)}: event ${event.id} does not link to the event before it in its install's chain.`);
    if (!prev || prev.seq + 1 !== event.seq) {
      if (prev) this.runEnds.set(`${prev.installId}:${prev.seq}`, prev.hash);
      this.runStarts.push({ installId: event.installId, seq: event.seq, prevHash: event.prevHash, id: event.id, file, line });
    }
    this.last.set(event.installId, event);
  }

  /** A run (chunk-run.ts) whose inner links were checked: its first event meets the one before, its last is the install's last. */
  pushRun(first: ChainLink, last: ChainLink, file: string, line: number): void {
    this.push(first, file, line);
    this.last.set(last.installId, last);
  }

  checkBoundaries(): void {
    for (const e of this.last.values()) this.runEnds.set(`${e.installId}:${e.seq}`, e.hash);
    this.last.clear();
    for (const start of this.runStarts) {
      const before = this.runEnds.get(`${start.installId}:${start.seq - 1}`);
      if (before !== undefined && before !== start.prevHash) throw new ImportError(`${where(start.file, start.line)}: event ${start.id} does not link to the event before it in its install's chain.`);
    }
  }
}

function isManifest(file: { name: string }): boolean {
  return /manifest/i.test(file.name) && file.name.endsWith('.json');
}
