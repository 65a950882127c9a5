import Dexie from 'dexie';
import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { CHAIN_HEAD_KEY } from '../log/db';

const BATCH = 5000;
/**
 * Reads under way at once. IndexedDB does its part (an index walk and a record lookup per event,
 * the largest single cost of an export: about 40 µs per event at 1M) on the browser's own thread;
 * with several reads queued it never waits for the page to ask for the next batch.
 */
const READS_AHEAD = 3;

/**
 * The local log in chain order (installId, seq), a batch at a time, memory flat: each install's
 * seq range, as it stood when the export began, is cut into ranges of `batch` seq numbers, read
 * a few at a time. Events recorded during the export are not included.
 */
export async function* eventBatches(db: AxTraceDb, batch = BATCH, ahead = READS_AHEAD): AsyncGenerator<AxEvent[]> {
  const ranges: [string, number, number][] = [];
  for (const { installId, first, last } of await installSeqRanges(db)) for (let s = first; s <= last; s += batch) ranges.push([installId, s, Math.min(s + batch - 1, last)]);
  const read = ([installId, from, to]: [string, number, number]) => db.events.where('[installId+seq]').between([installId, from], [installId, to], true, true).toArray();
  const pending: Promise<AxEvent[]>[] = [];
  let next = 0;
  try {
    while (next < ranges.length || pending.length) {
      while (next < ranges.length && pending.length < ahead) pending.push(read(ranges[next++]));
      const rows = await pending.shift()!;
      if (rows.length) yield rows;
    }
  } finally {
    for (const p of pending) p.catch(() => undefined); // reads still under way when stopped early
  }
}

/** Each install in the log with its first and last seq, in installId order. */
async function installSeqRanges(db: AxTraceDb): Promise<{ installId: string; first: number; last: number }[]> {
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

export async function chainHeads(db: AxTraceDb): Promise<Record<string, { seq: number; hash: string }>> {
  const rows = await db.meta.where('key').startsWith(`${CHAIN_HEAD_KEY}:`).toArray();
  return Object.fromEntries(rows.map((r) => [r.key.slice(CHAIN_HEAD_KEY.length + 1), r.value as { seq: number; hash: string }]));
}
