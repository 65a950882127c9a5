import Dexie from 'dexie';
import type { AxTraceDb } from './db';
import type { AxEvent } from './schema';
import { inMemory, pageEvents, pageLines, type PageHead } from './pages';
import { pickHashes } from '../export/merkle';

/**
 * Reads this install's log: its pages (`db.eventPages` + `db.pageLines`), live ones where the
 * recorder appends and sealed ones (lib/log/sealer.ts). Every reader of the local log goes
 * through here.
 */

/** A run of events in chain order, from a page, with the canonical JSON of each as stored. */
export interface ChainBatch {
  events: AxEvent[];
  lines?: string[];
  /** The lines' Merkle leaf hashes as the page stored them (lib/log/pages.ts), 32 bytes each. */
  leafHashes?: Uint8Array;
}

/** Every event of a task, in chain order. */
export async function taskEvents(db: AxTraceDb, taskId: string): Promise<AxEvent[]> {
  const heads = await db.eventPages.where('taskIds').equals(taskId).toArray();
  const events = (await bodiesOf(db, heads)).flatMap((body) => pageEvents(body).filter((e) => e.taskId === taskId));
  return events.sort((a, b) => (a.installId < b.installId ? -1 : a.installId > b.installId ? 1 : a.seq - b.seq));
}

/** How many events the log holds. */
export async function countEvents(db: AxTraceDb): Promise<number> {
  const heads = await db.eventPages.toArray();
  return heads.reduce((sum, h) => sum + h.count, 0);
}

/** Each install in the log with its first and last seq, in installId order. */
export async function installSeqRanges(db: AxTraceDb): Promise<{ installId: string; first: number; last: number }[]> {
  const ranges = new Map<string, { installId: string; first: number; last: number }>();
  const widen = (installId: string, first: number, last: number) => {
    const r = ranges.get(installId);
    if (!r) ranges.set(installId, { installId, first, last });
    else (r.first = Math.min(r.first, first)), (r.last = Math.max(r.last, last));
  };
  for (const h of await db.eventPages.toArray()) widen(h.installId, h.fromSeq, h.toSeq);
  return [...ranges.values()].sort((a, b) => (a.installId < b.installId ? -1 : 1));
}

export interface ChainReadOptions {
  /** Reads under way at once: IndexedDB works on its own thread, so the caller never waits on it. */
  ahead?: number;
}

/**
 * Each range's events (an install, its first and last seq, inclusive) in chain order, a page per
 * batch. Events recorded after the pages were listed are left out.
 */
export async function* chainBatches(db: AxTraceDb, ranges: { installId: string; first: number; last: number }[], { ahead = 3 }: ChainReadOptions = {}): AsyncGenerator<ChainBatch> {
  const plan: (() => Promise<ChainBatch>)[] = [];
  for (const { installId, first, last } of ranges) {
    // Pages that end at or after `first` (callers may ask "to the end" with a huge `last`, or from 0
    // when a retention purge has removed the start of the chain).
    const heads = await db.eventPages.where('[installId+toSeq]').between([installId, first], [installId, Dexie.maxKey], true, true).toArray();
    for (const head of heads) {
      if (head.fromSeq > last) break;
      plan.push(() => readPage(db, head, first, last));
    }
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
  for await (const b of chainBatches(db, [{ installId, first: from, last: Number.MAX_SAFE_INTEGER }], { ahead: 1 })) {
    out.push(...b.events.slice(0, limit - out.length));
    if (out.length >= limit) break;
  }
  return out;
}

async function readPage(db: AxTraceDb, head: PageHead, first: number, last: number): Promise<ChainBatch> {
  const body = await db.pageLines.get(head.key);
  if (!body) throw new Error(`page ${head.key} has no body`);
  const lines = pageLines(inMemory(body));
  const events = lines.map((line) => JSON.parse(line) as AxEvent);
  const hashes = body.leafHashes?.length === lines.length * 32 ? body.leafHashes : undefined;
  if (head.fromSeq >= first && head.toSeq <= last) return { events, lines, leafHashes: hashes };
  const keep = events.map((e, i) => (e.seq >= first && e.seq <= last ? i : -1)).filter((i) => i >= 0);
  return { events: keep.map((i) => events[i]), lines: keep.map((i) => lines[i]), leafHashes: hashes && pickHashes(hashes, keep) };
}

async function bodiesOf(db: AxTraceDb, heads: PageHead[]) {
  const bodies = await db.pageLines.bulkGet(heads.map((h) => h.key));
  return bodies.map((b, i) => {
    if (!b) throw new Error(`page ${heads[i].key} has no body`);
    return inMemory(b);
  });
}
