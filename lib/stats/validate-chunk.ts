import { CompiledAxEvent } from '../log/compiled-schema';
import { canonicalEventJson, isCanonicalEventLine } from '../export/canonical-event';
import type { EventHasher } from './event-hasher';
import { RunBuilder, type ChunkRun } from './chunk-run';
import { ChunkLines } from './chunk-lines';

/** Whole lines of one import file to validate (lib/util/line-chunks.ts cuts them), UTF-8. */
export interface ChunkRequest {
  bytes: Uint8Array<ArrayBuffer>;
  /** Events a run (chunk-run.ts) may have at most (a page's worth); 0 or absent: none is made. */
  runUpTo?: number;
}

/**
 * A chunk's events up to its first bad line, in file order, as their canonical JSON (RFC 8785):
 * what a page stores, and what the import parses back for the events themselves. Posting the
 * events instead cost more: structured clone of these objects took about 7 µs an event to write
 * in the validator and 3.6 µs to read on the import's thread (Chromium, 100k events), where
 * posting a string is a copy and JSON.parse of a line takes 1.5–2 µs.
 */
export interface ValidatedChunk {
  /** Empty when the chunk is a run: its lines are then the run's body. */
  lines: string[];
  /** The chunk's events as one run of an install's chain, when they are one (and no line failed). */
  run?: ChunkRun;
  /** The chunk's buffer, handed back to be read into again (lib/util/line-chunks.ts, ChunkBuffers). */
  buffer?: ArrayBuffer;
  /**
   * Each event's line number in the chunk, from 1 (blank lines are skipped but counted): chunks
   * are validated side by side, so where a chunk starts in its file is known only to the import.
   */
  numbers: Uint32Array<ArrayBuffer>;
  /** The chunk's lines, blank ones counted (when it has no failure). */
  lineCount: number;
  /**
   * Why the chunk stops early: a bad line (`line`: its number in the chunk; the message follows
   * "<file> line <n>") or something that went wrong checking it (no `line`).
   */
  failure?: { message: string; line?: number };
}

/**
 * Validates an export's lines one by one, as every import does (lib/stats/team-import.ts): each
 * must be JSON, an event by the schema (zod) and match its own hash. The canonical JSON a page
 * stores is the line itself when the line already is it (an export's lines are), else it is
 * written from the event. Stops at the first bad line. Runs in the import's validator workers, or
 * inline where there are none (the unit tests).
 */
export function validateChunk({ bytes, runUpTo = 0 }: ChunkRequest, hasher: EventHasher): ValidatedChunk {
  // While the text is its lines joined by newlines (no blank line, no line written another way: a
  // page body as it is), its lines are not kept: they are the chunk's first lines, read again
  // from its bytes if they are wanted (firstLines). Kept, they outlived the young generation.
  let lines = null as string[] | null;
  const numbers: number[] = [];
  const run = new RunBuilder(runUpTo);
  let number = 0;
  const notVerbatim = () => void (lines ??= firstLines(bytes, numbers.length));
  const done = (failure?: ValidatedChunk['failure']): ValidatedChunk => {
    const made = failure ? null : run.finish(() => (lines ? lines.join('\n') : { bytes: bytes.length - (bytes[bytes.length - 1] === 0x0a ? 1 : 0) }));
    return { lines: made ? [] : (lines ?? firstLines(bytes, numbers.length)), numbers: Uint32Array.from(numbers), lineCount: number, ...(made ? { run: made } : {}), ...(failure ? { failure } : {}) };
  };
  const bad = (message: string) => done({ message, line: number });
  // A byte order mark is kept in its line (and trimmed, so that line's chunk is not stored as its bytes).
  for (const reader = new ChunkLines(bytes); reader.next(); ) {
    const decoded = reader.text;
    const raw = decoded.trim();
    if (raw.length !== decoded.length) notVerbatim();
    number++;
    if (!raw) {
      notVerbatim();
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return bad(' is not JSON.');
    }
    const result = CompiledAxEvent.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      return bad(`: ${issue.path.join('.') || 'event'} ${issue.message}.`);
    }
    const event = result.data;
    let line: string;
    try {
      line = isCanonicalEventLine(raw, json, event) ? raw : canonicalEventJson(event);
    } catch (error) {
      return done({ message: (error as Error).message });
    }
    // The line as read (not trimmed, not rewritten) is its bytes: hashed from them.
    const hashed = line === decoded && reader.ascii ? hasher.matchesAscii(event, line, reader.bytes) : hasher.matches(event, line);
    if (!hashed) return bad(`: event ${event.id} was changed after it was recorded (its hash does not match).`);
    if (line !== raw) notVerbatim();
    lines?.push(line);
    numbers.push(number);
    run.add(event);
  }
  return done();
}

/** A chunk's first `count` lines as read: its validated lines while none was blank, trimmed or rewritten. */
function firstLines(bytes: Uint8Array, count: number): string[] {
  const out: string[] = [];
  for (const reader = new ChunkLines(bytes); out.length < count && reader.next(); ) out.push(reader.text);
  return out;
}
