/** Whole lines of a byte stream, cut where a line ends: something to hand to another thread. */
export interface LineChunk {
  /** The lines' bytes, newlines included (the stream's last line may have none), in an ArrayBuffer of their own. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Bytes of the stream up to the chunk's end. */
  end: number;
}

/**
 * A byte stream as chunks of whole lines of at most `maxBytes` each, as many lines as fit (a line
 * longer than that makes a chunk of its own). Only the cuts are looked for — the last newline
 * before the limit, searched backwards — so lines are neither counted nor decoded here: whoever
 * takes a chunk does that (0x0a is never part of a longer UTF-8 sequence). Memory: one chunk and
 * what the stream hands over at a time.
 */
export async function* lineChunks(stream: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<LineChunk> {
  const reader = stream.getReader();
  let pending = new Uint8Array(Math.max(maxBytes, 1 << 16) * 2);
  let used = 0;
  let end = 0;
  /** Bytes of a line longer than maxBytes already searched for its end. */
  let searched = 0;
  const take = (length: number): LineChunk => {
    const chunk = { bytes: pending.slice(0, length), end: end + length };
    pending.copyWithin(0, length, used);
    used -= length;
    end += length;
    searched = 0;
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
    // A chunk is cut once more than maxBytes are here: then it is known which lines fit.
    while (used > maxBytes) {
      const last = pending.lastIndexOf(0x0a, maxBytes - 1);
      if (last >= 0) {
        yield take(last + 1);
        continue;
      }
      const longLineEnd = pending.subarray(0, used).indexOf(0x0a, Math.max(maxBytes, searched));
      if (longLineEnd < 0) {
        searched = used;
        break;
      }
      yield take(longLineEnd + 1);
    }
  }
  // What is left fits, or is one long line without a newline.
  if (used) yield take(used);
}
