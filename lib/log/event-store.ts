import Dexie from 'dexie';
import type { AxTraceDb } from './db';
import type { AxEvent } from './schema';
import { inMemory, pageEvents, pageLines, type PageHead } from './pages';
import { pickHashes } from '../export/merkle';

/**
 * Reads this install's log from its two homes: live rows (`db.events`, where the recorder
 * appends) and sealed pages (`db.eventPages` + `db.pageLines`, lib/log/sealer.ts). Every reader of
 * the local log goes through here, so none can forget the sealed part.
 */

/** A run of events in chain order; from a sealed page, with the canonical JSON of each as stored. */
export interface ChainBatch {
  events: AxEvent[];
  lines?: string[];
  /** The lines' Merkle leaf hashes as the page stored them (lib/log/pages.ts), 32 bytes each. */
  leafHashes?: Uint8Array;
}

/** Every event of a task, in chain order. */
export async function taskEvents(db: AxTraceDb, taskId: string): Promise<AxEvent[]> {
  const [rows, heads] = await Promise.all([db.events.where('taskId').equals(taskId).toArray(), db.eventPages.where('taskIds').equals(taskId).toArray()]);
  const sealed = (await bodiesOf(db, heads)).flatMap((body) => pageEvents(body).filter((e) => e.taskId === taskId));
  return [...sealed, ...rows].sort((a, b) => (a.installId < b.installId ? -1 : a.installId > b.installId ? 1 : a.seq - b.seq));
}

/** How many events the log holds. */
export async function countEvents(db: AxTraceDb): Promise<number> {
  const [rows, heads] = await Promise.all([db.events.count(), db.eventPages.toArray()]);
  return heads.reduce((sum, h) => sum + h.count, rows);
}

/** Each install in the log with its first and last seq, pages and rows together, in installId order. */
export async function installSeqRanges(db: AxTraceDb): Promise<{ installId: string; first: number; last: number }[]> {
  const ranges = new Map<string, { installId: string; first: number; last: number }>();
  const widen = (installId: string, first: number, last: number) => {
    const r = ranges.get(installId);
    if (!r) ranges.set(installId, { installId, first, last });
    else (r.first = Math.min(r.first, first)), (r.last = Math.max(r.last, last));
  };
  for (const h of await db.eventPages.toArray()) widen(h.installId, h.fromSeq, h.toSeq);
  for (const r of await rowRanges(db)) widen(r.installId, r.first, r.last);
  return [...ranges.values()].sort((a, b) => (a.installId < b.installId ? -1 : 1));
}

/** Each install with live rows, with their first and last seq: the index skips from install to install. */
export async function rowRanges(db: AxTraceDb): Promise<{ installId: string; first: number; last: number }[]> {
  const out: { installId: string; first: number; last: number }[] = [];
  let after: unknown[] = [Dexie.minKey, Dexie.minKey];
  for (;;) {
    const first = await db.events.where('[installId+seq]').above(after).first();
    if (!first) return out;
    const last = (await db.events.where('[installId+seq]').between([first.installId, Dexie.minKey], [first.installId, Dexie.maxKey]).last())!;
    out.push({ installId: first.installId, first: first.seq, last: last.seq });
    after = [first.installId, Dexie.maxKey];
  }
}

export interface ChainReadOptions {
  /** Events (rows) per batch; a sealed page is always one batch. */
  batch?: number;
  /** Reads under way at once: IndexedDB works on its own thread, so the caller never waits on it. */
  ahead?: number;
}

/**
 * Each range's events (an install, its first and last seq, inclusive) in chain order: the sealed
 * pages first (one batch each), then the live rows. Events recorded after the rows' range was
 * taken are left out.
 */
export async function* chainBatches(db: AxTraceDb, ranges: { installId: string; first: number; last: number }[], { batch = 5000, ahead = 3 }: ChainReadOptions = {}): AsyncGenerator<ChainBatch> {
  const plan: (() => Promise<ChainBatch>)[] = [];
  for (const { installId, first, last } of ranges) {
    // Pages that end at or after `first` (none when reading from the live rows on, as the collector does).
    const heads = await db.eventPages.where('[installId+toSeq]').between([installId, first], [installId, Dexie.maxKey], true, true).toArray();
    let sealedTo = first - 1;
    for (const head of heads) {
      if (head.fromSeq > last) break;
      plan.push(() => readPage(db, head, first, last));
      sealedTo = Math.max(sealedTo, head.toSeq);
    }
    // The rows' own first and last seq bound the plan (callers may ask "to the end" with a huge
    // `last`, or from 0 when a retention purge has removed the start of the chain).
    const rows = db.events.where('[installId+seq]').between([installId, sealedTo + 1], [installId, last], true, true);
    const [firstRow, lastRow] = await Promise.all([rows.first(), rows.clone().last()]);
    if (!firstRow || !lastRow) continue;
    for (let s = firstRow.seq; s <= lastRow.seq; s += batch) plan.push(() => readRows(db, installId, s, Math.min(s + batch - 1, lastRow.seq)));
  }
  const pending: Promise<ChainBatch>[] = [];
  let next = 0;
  try {
    while (next < plan.length || pending.length) {
      while (next < plan.length && pending.length < ahead) pending.push(plan[next++]());
      const b = await pending.shift()!;
      if (b.events.length) yield b;
    }
  } finally {
    for (const p of pending) p.catch(() => undefined); // reads still under way when stopped early
  }
}

/** The whole local log in chain order, as it stood when reading began. */
export async function* allChainBatches(db: AxTraceDb, options?: ChainReadOptions): AsyncGenerator<ChainBatch> {
  yield* chainBatches(db, await installSeqRanges(db), options);
}

/** Up to `limit` events of one install from seq `from` on, in chain order (the collector's reads). */
export async function chainSlice(db: AxTraceDb, installId: string, from: number, limit: number): Promise<AxEvent[]> {
  const out: AxEvent[] = [];
  for await (const b of chainBatches(db, [{ installId, first: from, last: Number.MAX_SAFE_INTEGER }], { batch: limit, ahead: 1 })) {
    out.push(...b.events.slice(0, limit - out.length));
    if (out.length >= limit) break;
  }
  return out;
}

async function readPage(db: AxTraceDb, head: PageHead, first: number, last: number): Promise<ChainBatch> {
  const body = await db.pageLines.get(head.key);
  if (!body) throw new Error(`sealed page ${head.key} has no body`);
  const lines = pageLines(inMemory(body));
  const events = lines.map((line) => JSON.parse(line) as AxEvent);
  const hashes = body.leafHashes?.length === lines.length * 32 ? body.leafHashes : undefined;
  if (head.fromSeq >= first && head.toSeq <= last) return { events, lines, leafHashes: hashes };
  const keep = events.map((e, i) => (e.seq >= first && e.seq <= last ? i : -1)).filter((i) => i >= 0);
  return { events: keep.map((i) => events[i]), lines: keep.map((i) => lines[i]), leafHashes: hashes && pickHashes(hashes, keep) };
}

async function readRows(db: AxTraceDb, installId: string, from: number, to: number): Promise<ChainBatch> {
  return { events: await db.events.where('[installId+seq]').between([installId, from], [installId, to], true, true).toArray() };
}

async function bodiesOf(db: AxTraceDb, heads: PageHead[]) {
  const bodies = await db.pageLines.bulkGet(heads.map((h) => h.key));
  return bodies.map((b, i) => {
    if (!b) throw new Error(`sealed page ${heads[i].key} has no body`);
    return inMemory(b);
  });
}
