import type { AxEvent } from './schema';
import type { AxTraceDb } from './db';

/**
 * The log's pages. IndexedDB costs tens to hundreds of microseconds per row however small the
 * row, so a million events read or written one row each take the better part of a minute; the
 * same events as a few hundred rows of text take a second or two. Every event is therefore stored
 * in a page: a small head with the page's seq and time range and the tasks it holds (indexed: the
 * trace of a task finds its pages), and a body with the events' canonical JSON, one per line.
 * The recorder writes a live page per transaction (as many events as were waiting: one to a few
 * hundred); the sealer later packs live pages past the sealing horizon into sealed pages of
 * PAGE_SIZE events. Team members' imported events come as pages too.
 */
export interface PageHead {
  /** Primary key: sorts in chain order within an install (see pageKey). */
  key: string;
  installId: string;
  fromSeq: number;
  toSeq: number;
  count: number;
  fromTs: number;
  toTs: number;
  /** Every task with an event in the page, once (a multi-entry index of the log's own pages). */
  taskIds: string[];
  /**
   * A live page's event ids, in seq order: the unique index that turns away an event sent again
   * (lib/log/recorder.ts). Only live pages have them; a sealed page does not (lib/log/sealer.ts).
   */
  ids?: string[];
}

/** An imported page also names the import that brought it and the label shown for its file. */
export interface ImportedPageHead extends PageHead {
  importId: string;
  importSource: string;
}

export interface PageBody {
  key: string;
  /**
   * The canonical JSON (RFC 8785) of each event, in seq order, one per line: exactly an export's
   * Merkle leaf and an NDJSON export's line, and read back with JSON.parse. As text, or as its
   * UTF-8 bytes (pages imported by an earlier version), or as a Blob: an imported page whose lines
   * were already canonical in their file is that file's slice, which the browser copies from the
   * file into the database without its bytes passing through the import's thread. A Blob is read
   * with readBody(), outside any transaction (awaiting it would end one).
   */
  lines: string | Uint8Array | Blob;
  /**
   * SHA-256(0x00 ‖ line) of each line, 32 bytes apiece: the export's Merkle leaf hashes, computed
   * once when the page is sealed (hashing a million leaves was a third of an export's work). An
   * export's root is built from these; verifying the exported file recomputes them from its text,
   * so a line changed after sealing is caught there.
   */
  leafHashes?: Uint8Array;
}

/** Events per sealed page: big enough that per-row costs vanish, small enough to parse in a few ms. */
export const PAGE_SIZE = 2000;

/** `installId:seq`, the seq zero-padded so that keys sort in chain order. */
export function pageKey(installId: string, fromSeq: number, prefix = ''): string {
  return `${prefix}${installId}:${String(fromSeq).padStart(12, '0')}`;
}

/** The key of a page an import brought in: its import's id first, so that an import's pages sort together. */
export function importedPageKey(importId: string, installId: string, fromSeq: number): string {
  return pageKey(installId, fromSeq, `imp:${importId}:`);
}

/**
 * A page over events of one install, given in seq order, and the canonical JSON of each
 * (canonicalEventJson; passed in so that readers of pages need not load the schema).
 */
export function buildPage(key: string, events: AxEvent[], lines: string[], leafHashes?: Uint8Array): { head: PageHead; body: PageBody } {
  if (!events.length) throw new Error('a page needs at least one event');
  if (events.some((e) => e.installId !== events[0].installId)) throw new Error('a page holds the events of one install');
  const head: PageHead = { key, installId: events[0].installId, fromSeq: events[0].seq, toSeq: events[events.length - 1].seq, count: events.length, ...pageSpan(events) };
  return { head, body: { key, lines: lines.join('\n'), ...(leafHashes ? { leafHashes } : {}) } };
}

/** Whether a page is live (written by the recorder, not yet sealed). */
export function isLive(head: PageHead): boolean {
  return head.ids !== undefined;
}

/** A live page (the recorder's) over events of one install with consecutive seqs: buildPage's, with the events' ids. */
export function buildLivePage(events: AxEvent[], lines: string[]): { head: PageHead; body: PageBody } {
  const { head, body } = buildPage(pageKey(events[0].installId, events[0].seq), events, lines);
  return { head: { ...head, ids: events.map((e) => e.id) }, body };
}

/** A page head's time range and tasks (every task with an event in the page, once), of its events. */
export function pageSpan(events: AxEvent[]): Pick<PageHead, 'fromTs' | 'toTs' | 'taskIds'> {
  let fromTs = Infinity;
  let toTs = -Infinity;
  const taskIds = new Set<string>();
  for (const e of events) {
    if (e.ts < fromTs) fromTs = e.ts;
    if (e.ts > toTs) toTs = e.ts;
    if (e.taskId) taskIds.add(e.taskId);
  }
  return { fromTs, toTs, taskIds: [...taskIds] };
}

/** A page body held in memory: its lines as text or bytes, not a Blob still to read. */
export type ReadBody = PageBody & { lines: string | Uint8Array };

/** A stored body with its Blob read (its text), if it has one. Not inside a transaction. */
export async function readBody(body: PageBody): Promise<ReadBody> {
  return body.lines instanceof Blob ? { ...body, lines: await body.lines.text() } : (body as ReadBody);
}

/** Stored bodies by key (undefined where none), their Blobs read. Not inside a transaction. */
export async function readBodies(db: Pick<AxTraceDb, 'pageLines'>, keys: string[]): Promise<(ReadBody | undefined)[]> {
  const bodies = keys.length ? await db.pageLines.bulkGet(keys) : [];
  return Promise.all(bodies.map((body) => body && readBody(body)));
}

/** Whether a stored body can be read where it is, inside a transaction (it is not a Blob). */
export function isReadBody(body: PageBody): body is ReadBody {
  return !(body.lines instanceof Blob);
}

/** A body read inside a transaction: it must not be a Blob (the log's own pages never are; imported ones are read first). */
export function inMemory(body: PageBody): ReadBody {
  if (!isReadBody(body)) throw new Error(`page ${body.key} is a Blob, to be read before the transaction (readBody)`);
  return body;
}

const utf8 = new TextDecoder();

/** A page body's lines, from its text or its bytes. */
export function linesOf(lines: ReadBody['lines']): string[] {
  const text = typeof lines === 'string' ? lines : utf8.decode(lines);
  return text ? text.split('\n') : [];
}

export function pageLines(body: ReadBody): string[] {
  return linesOf(body.lines);
}

/** The events of a page, as they were stored (a page is written only from validated events). */
export function pageEvents(body: ReadBody): AxEvent[] {
  return pageLines(body).map((line) => JSON.parse(line) as AxEvent);
}

/**
 * A page cut for retention: its events before the first one at or after `cutoff` (oldest first,
 * in chain order), and, when some go and some stay, the page of those that stay, keyed by
 * `keyOf(their first seq)` (leaf hashes kept with their lines).
 */
export function cutPage(body: ReadBody, cutoff: number, keyOf: (fromSeq: number) => string): { purged: AxEvent[]; rest: { head: PageHead; body: PageBody } | null } {
  const events = pageEvents(body);
  const keepFrom = events.findIndex((e) => e.ts >= cutoff);
  if (keepFrom === -1) return { purged: events, rest: null };
  if (keepFrom === 0) return { purged: [], rest: null };
  const kept = events.slice(keepFrom);
  return { purged: events.slice(0, keepFrom), rest: buildPage(keyOf(kept[0].seq), kept, pageLines(body).slice(keepFrom), body.leafHashes?.slice(keepFrom * 32)) };
}
