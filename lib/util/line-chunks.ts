/** Whole lines of a byte stream, cut where a line ends: something to hand to another thread. */
export interface LineChunk {
  /** The lines' bytes, newlines included (the stream's last line may have none), in an ArrayBuffer of their own. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The 1-based number of the chunk's first line in the stream. */
  firstLine: number;
  /** Lines in the chunk, blank ones counted. */
  lines: number;
  /** Bytes of the stream up to the chunk's end. */
  end: number;
}

/**
 * A byte stream as chunks of at most `maxLines` lines, each cut after the line that reaches
 * `maxBytes` (a longer line makes a chunk of its own). Newlines are found in the bytes (0x0a is
 * never part of a longer UTF-8 sequence), so nothing is decoded here. Memory: one chunk and
 * what the stream hands over at a time.
 */
export async function* lineChunks(stream: ReadableStream<Uint8Array>, maxLines: number, maxBytes: number): AsyncGenerator<LineChunk> {
  const reader = stream.getReader();
  let pending = new Uint8Array(Math.min(maxBytes, 1 << 20) * 2);
  let used = 0;
  /** Where the search for newlines goes on, and the lines found before it (ending at `cut`). */
  let scanned = 0;
  let lines = 0;
  let cut = 0;
  let firstLine = 1;
  let end = 0;
  const take = (length: number, count: number): LineChunk => {
    const chunk = { bytes: pending.slice(0, length), firstLine, lines: count, end: end + length };
    pending.copyWithin(0, length, used);
    used -= length;
    scanned -= length;
    end += length;
    firstLine += count;
    lines = 0;
    cut = 0;
    return chunk;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (used + value.length > pending.length) {
      const grown = new Uint8Array(Math.max(pending.length * 2, used + value.length));
      grown.set(pending.subarray(0, used));
      pending = grown;
    }
    pending.set(value, used);
    used += value.length;
    for (let at = pending.subarray(scanned, used).indexOf(0x0a); at >= 0; at = pending.subarray(scanned, used).indexOf(0x0a)) {
      scanned += at + 1;
      lines++;
      cut = scanned;
      if (lines >= maxLines || cut >= maxBytes) yield take(cut, lines);
    }
    scanned = used;
  }
  if (used) yield take(used, lines + (used > cut ? 1 : 0));
}
