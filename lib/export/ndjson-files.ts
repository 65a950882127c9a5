// Node only (the command-line export): reads NDJSON exports line by line, validates every event
// against the schema, and yields them merged into chain order (installId, seq), duplicates
// (overlapping exports of the same person) dropped.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AxEvent } from '../log/schema';

/** Bad input: the message names the file and line. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface ScannedFile {
  path: string;
  events: number;
  /** Already in chain order (our own exports are): it can be merged as a stream. */
  inChainOrder: boolean;
  size: number;
  mtimeMs: number;
}

export interface Scan {
  files: ScannedFile[];
  /** Events in all files, duplicates included (the progress total). */
  lines: number;
  /** Per install, the newest event found in any file: the head of its chain as far as the inputs show. */
  heads: Record<string, { seq: number; hash: string }>;
  /** The most recent event and the most recent submitted task (for the manifest's configuration). */
  latest: AxEvent | null;
  latestSubmitted: Extract<AxEvent, { type: 'task.submitted' }> | null;
}

async function* numberedLines(path: string): AsyncGenerator<{ text: string; line: number }> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim()) yield { text, line };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseEvent(path: string, line: number, text: string): AxEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}, line ${line}: not JSON (${(error as Error).message})`);
  }
  const parsed = AxEvent.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? ` (event ${(raw as { id: string }).id})` : '';
    throw new InputError(`${path}, line ${line}${id}: not an AxTrace event: ${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
  }
  return parsed.data;
}

const before = (a: AxEvent, b: AxEvent) => (a.installId === b.installId ? a.seq < b.seq : a.installId < b.installId);

/** First pass: validates every line of every file (nothing is written before this passes). */
export async function scanFiles(paths: string[]): Promise<Scan> {
  const scan: Scan = { files: [], lines: 0, heads: {}, latest: null, latestSubmitted: null };
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new InputError(`${path}: no such file`);
    });
    const file: ScannedFile = { path, events: 0, inChainOrder: true, size: info.size, mtimeMs: info.mtimeMs };
    let previous: AxEvent | null = null;
    for await (const { text, line } of numberedLines(path)) {
      const e = parseEvent(path, line, text);
      file.events++;
      if (previous && before(e, previous)) file.inChainOrder = false;
      previous = e;
      const head = scan.heads[e.installId];
      if (!head || e.seq > head.seq) scan.heads[e.installId] = { seq: e.seq, hash: e.hash };
      if (!scan.latest || e.ts >= scan.latest.ts) scan.latest = e;
      if (e.type === 'task.submitted' && (!scan.latestSubmitted || e.ts >= scan.latestSubmitted.ts)) scan.latestSubmitted = e;
    }
    scan.lines += file.events;
    scan.files.push(file);
  }
  return scan;
}

async function* fileEvents(file: ScannedFile): AsyncGenerator<AxEvent> {
  const now = await stat(file.path);
  if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) throw new InputError(`${file.path}: changed while it was being exported`);
  for await (const { text, line } of numberedLines(file.path)) yield parseEvent(file.path, line, text);
}

async function* each<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * Second pass: the events of all files in chain order, in batches. Files already in chain order
 * are merged as streams, so memory does not grow with them; a file that is not is read whole and
 * sorted (its events are held in memory), which `onHold` reports.
 */
export async function* chainOrderBatches(scan: Scan, onHold: (file: ScannedFile) => void = () => undefined, batchSize = 5000): AsyncGenerator<AxEvent[]> {
  const sources: AsyncIterator<AxEvent>[] = [];
  for (const file of scan.files) {
    if (file.inChainOrder) sources.push(fileEvents(file));
    else {
      onHold(file);
      const held: AxEvent[] = [];
      for await (const e of fileEvents(file)) held.push(e);
      held.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      sources.push(each(held));
    }
  }
  const heads: (AxEvent | null)[] = await Promise.all(sources.map(async (s) => (await s.next()).value ?? null));
  let batch: AxEvent[] = [];
  let last: AxEvent | null = null;
  for (;;) {
    // The next event is the earliest head; there are few files, so a linear scan is enough.
    let pick = -1;
    for (let i = 0; i < heads.length; i++) if (heads[i] && (pick < 0 || before(heads[i]!, heads[pick]!))) pick = i;
    if (pick < 0) break;
    const e = heads[pick]!;
    const next = await sources[pick].next();
    heads[pick] = next.done ? null : next.value;
    if (last && last.installId === e.installId && last.seq === e.seq) {
      if (last.id === e.id && last.hash === e.hash) continue; // the same event in two overlapping exports
      throw new InputError(`install ${e.installId} has two different events at seq ${e.seq} (${last.id} and ${e.id}): these files are not from one log`);
    }
    last = e;
    batch.push(e);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
