/** Whole lines of a byte stream, cut where a line ends: something to hand to another thread. */
export interface LineChunk {
  /**
   * The lines' bytes, newlines included (the stream's last line may have none), at the start of
   * a buffer no other chunk uses (it may be longer than the chunk): handed over whole, and given
   * back to the ChunkBuffers once done with.
   */
  bytes: Uint8Array<ArrayBuffer>;
  /** Bytes of the stream up to the chunk's end. */
  end: number;
}

/**
 * Buffers of one size for chunks to be read into, given back when their chunk is done with, so
 * that reading a file does not take fresh memory for every chunk: touching fresh memory (a page
 * fault per 4 KB) cost more than reading the file itself (measured in Chromium: a new 1.5 MB
 * buffer filled took 6.5 ms, the same bytes copied into a used one 0.1 ms). Keeps a few; a
 * buffer of another size, or detached, is dropped.
 */
export class ChunkBuffers {
  private free: ArrayBuffer[] = [];
  /** Buffers made so far (the rest of the takes were given back ones). */
  made = 0;

  constructor(
    readonly size: number,
    private keep = 8,
  ) {}

  take(): ArrayBuffer {
    const given = this.free.pop();
    if (given) return given;
    this.made++;
    return new ArrayBuffer(this.size);
  }

  give(buffer: ArrayBuffer | undefined): void {
    if (buffer && buffer.byteLength === this.size && this.free.length < this.keep) this.free.push(buffer);
  }
}

/**
 * A byte stream as chunks of whole lines of at most `maxBytes` each, as many lines as fit (a line
 * longer than that makes a chunk of its own). Only the cuts are looked for — the last newline
 * before the limit, searched backwards — so lines are neither counted nor decoded here: whoever
 * takes a chunk does that (0x0a is never part of a longer UTF-8 sequence). A byte stream (a
 * File's) is read straight into the buffers; with `again`, a read that stalls is read again
 * (ReadAgain). Memory: the buffers of the chunks not yet given back.
 */
export async function* lineChunks(stream: ReadableStream<Uint8Array>, maxBytes: number, buffers = new ChunkBuffers(maxBytes + 1), again?: ReadAgain): AsyncGenerator<LineChunk> {
  let fill = fillerOf(stream);
  let restarts = 0;
  let buffer = new Uint8Array(buffers.take());
  let used = 0;
  let end = 0;
  let ended = false;
  /** Bytes of a line longer than maxBytes already searched for its end. */
  let searched = 0;
  for (;;) {
    if (ended && !used) return;
    let cut = used > maxBytes ? cutOf(buffer, used, maxBytes, searched) : -1;
    if (cut < 0 && ended) cut = used;
    if (cut < 0) {
      if (used > maxBytes) searched = used;
      if (used === buffer.length) buffer = grown(buffer);
      const read = await (again ? withinStall(fill(buffer, used), again.stallMs) : fill(buffer, used));
      if (read === STALLED) {
        // The stalled read holds this buffer: what it had of the stream is read again, from `end`.
        if (++restarts > again!.restarts) throw new Error(`its reads stalled ${restarts} times, ${inSeconds(again!.stallMs)} each with nothing read`);
        fill = fillerOf(again!.from(end));
        buffer = new Uint8Array(buffers.size);
        used = 0;
        searched = 0;
        continue;
      }
      buffer = read.buffer;
      if (read.count) used += read.count;
      else ended = true;
      continue;
    }
    // The rest (the start of the next line) moves to the next buffer before this one is handed over.
    const rest = used - cut;
    const next = rest < buffers.size ? new Uint8Array(buffers.take()) : new Uint8Array(rest * 2);
    next.set(buffer.subarray(cut, used));
    end += cut;
    yield { bytes: buffer.subarray(0, cut), end };
    buffer = next;
    used = rest;
    searched = 0;
  }
}

/**
 * Reading a stream again from a byte offset (a File's slice from there), for a read that brings
 * nothing for `stallMs`: in Chromium 156 a BYOB read of a File's stream now and then never
 * settled (about one 1M-event import in five stalled for good). A read that is only slow costs a
 * second read of the same bytes; after `restarts` the stream fails.
 */
export interface ReadAgain {
  from(offset: number): ReadableStream<Uint8Array>;
  stallMs: number;
  restarts: number;
}

const STALLED = Symbol('stalled');

const inSeconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

async function withinStall<T>(reading: Promise<T>, ms: number): Promise<T | typeof STALLED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<typeof STALLED>((resolve) => (timer = setTimeout(() => resolve(STALLED), ms)));
  // A stalled read left behind may still fail (its stream is dropped): not this stream's failure.
  reading.catch(() => {});
  try {
    return await Promise.race([reading, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where the chunk in `buffer` ends: after its last newline within maxBytes, else after a long line's end (-1: not read yet). */
function cutOf(buffer: Uint8Array, used: number, maxBytes: number, searched: number): number {
  const last = buffer.lastIndexOf(0x0a, maxBytes - 1);
  if (last >= 0) return last + 1;
  const longLineEnd = buffer.subarray(0, used).indexOf(0x0a, Math.max(maxBytes, searched));
  return longLineEnd < 0 ? -1 : longLineEnd + 1;
}

function grown(buffer: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

/** Reads some of the stream into `buffer` from `at`: the buffer again (a byte stream moves it) and how many bytes came (0: the end). */
type Fill = (buffer: Uint8Array<ArrayBuffer>, at: number) => Promise<{ buffer: Uint8Array<ArrayBuffer>; count: number }>;

function fillerOf(stream: ReadableStream<Uint8Array>): Fill {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: its pieces are copied in.
  }
  if (byob) {
    const reader = byob;
    return async (buffer, at) => {
      const { done, value } = await reader.read(new Uint8Array(buffer.buffer, at, buffer.length - at));
      if (!value) throw new Error('the stream was cancelled');
      return { buffer: new Uint8Array(value.buffer as ArrayBuffer), count: done ? 0 : value.length };
    };
  }
  const reader = stream.getReader();
  let piece: Uint8Array = new Uint8Array(0);
  return async (buffer, at) => {
    while (!piece.length) {
      const { done, value } = await reader.read();
      if (done) return { buffer, count: 0 };
      piece = value;
    }
    const count = Math.min(piece.length, buffer.length - at);
    buffer.set(piece.subarray(0, count), at);
    piece = piece.subarray(count);
    return { buffer, count };
  };
}
