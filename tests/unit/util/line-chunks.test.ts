import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkBuffers, lineChunks, type LineChunk } from '../../../lib/util/line-chunks';

/** A stream handing over `bytes` in pieces cut at `cuts`: a byte stream (as a File's is, read into our buffers) or not. */
function streamOf(bytes: Uint8Array, cuts: number[], bytesType = false): ReadableStream<Uint8Array> {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...at, bytes.length].flatMap((from, i, all) => (i + 1 < all.length && all[i + 1] > from ? [bytes.slice(from, all[i + 1])] : []));
  if (bytesType) {
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        const next = pieces.shift();
        if (next) controller.enqueue(next);
        else {
          controller.close();
          controller.byobRequest?.respond(0);
        }
      },
    });
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/** The chunks, each copied as it comes; with `buffers`, each chunk's buffer is given back at once, to be read into again. */
async function chunksOf(text: string, cuts: number[], maxBytes: number, { bytesType = false, buffers }: { bytesType?: boolean; buffers?: ChunkBuffers } = {}): Promise<LineChunk[]> {
  const out: LineChunk[] = [];
  for await (const chunk of lineChunks(streamOf(new TextEncoder().encode(text), cuts, bytesType), maxBytes, buffers)) {
    out.push({ bytes: chunk.bytes.slice(), end: chunk.end });
    buffers?.give(chunk.bytes.buffer);
  }
  return out;
}

const size = (s: string) => new TextEncoder().encode(s).length;

describe('cutting a byte stream into chunks of whole lines', () => {
  it('gives the stream back in order, cut only after newlines, each chunk as many lines as fit', async () => {
    const text = fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '\r'), maxLength: 12 }), { maxLength: 40 }).chain((lines) =>
      fc.boolean().map((ended) => lines.join('\n') + (ended && lines.length ? '\n' : '')),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.boolean(), async (t, cuts, maxBytes, bytesType, reuse) => {
        const chunks = await chunksOf(t, cuts, maxBytes, { bytesType, buffers: reuse ? new ChunkBuffers(maxBytes + 1) : undefined });
        const decoded = chunks.map((c) => new TextDecoder().decode(c.bytes));
        expect(decoded.join('')).toBe(t);
        let end = 0;
        for (const [i, c] of chunks.entries()) {
          expect(c.bytes.length).toBeGreaterThan(0);
          // Within the limit, unless the chunk is one line longer than it.
          if (c.bytes.length > maxBytes) expect(decoded[i].slice(0, -1)).not.toContain('\n');
          if (i + 1 < chunks.length) {
            expect(decoded[i].endsWith('\n')).toBe(true);
            // As many lines as fit: the next one would not have.
            const nextLine = decoded[i + 1].slice(0, decoded[i + 1].indexOf('\n') + 1 || undefined);
            expect(c.bytes.length + size(nextLine)).toBeGreaterThan(maxBytes);
          }
          end += c.bytes.length;
          expect(c.end).toBe(end);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps blank lines, a long line whole, and a last line without a newline', async () => {
    for (const bytesType of [false, true]) {
      const chunks = await chunksOf('a\n\n\nb\nccccccc\nd', [1, 4, 9], 4, { bytesType });
      expect(chunks.map((c) => new TextDecoder().decode(c.bytes))).toEqual(['a\n\n\n', 'b\n', 'ccccccc\n', 'd']);
    }
  });

  it('each chunk starts a buffer of its own, and buffers given back are read into again', async () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const buffers = new ChunkBuffers(17);
    const held: Uint8Array[] = [];
    const copies: string[] = [];
    let i = 0;
    for await (const chunk of lineChunks(streamOf(new TextEncoder().encode(text), [3, 40, 100], true), 16, buffers)) {
      expect(chunk.bytes.byteOffset).toBe(0);
      // Two chunks held at a time (as validators hold them), the older given back: the ones held are not written over.
      held.push(chunk.bytes);
      copies.push(new TextDecoder().decode(chunk.bytes));
      if (held.length > 2) buffers.give(held.shift()!.buffer as ArrayBuffer);
      for (const [k, h] of held.entries()) expect(new TextDecoder().decode(h)).toBe(copies[copies.length - held.length + k]);
      i++;
    }
    expect(copies.join('')).toBe(text);
    expect(i).toBeGreaterThan(20);
    expect(buffers.made).toBeLessThanOrEqual(4);
  });

  /** A byte stream (read BYOB, so a stalled read keeps our buffer) that hands over `bytes` in pieces of `piece` and then, after `stallAfter` pieces, stalls (unless it has ended). */
  const stallingBytes = (bytes: Uint8Array, piece: number, stallAfter: number) => {
    let sent = 0;
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        if (sent * piece >= bytes.length) {
          controller.close();
          return controller.byobRequest?.respond(0);
        }
        if (sent === stallAfter) return new Promise<void>(() => {});
        controller.enqueue(bytes.slice(sent * piece, ++sent * piece));
      },
    });
  };

  it('a read that stalls is read again from the start of the chunk being read, into a buffer of its own', async () => {
    const bytes = new TextEncoder().encode(Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const opened: number[] = [];
    // Each stream stalls after three pieces (more than a chunk), so the file is read in several goes.
    const again = { from: (offset: number) => (opened.push(offset), stallingBytes(bytes.slice(offset), 7, 3)), stallMs: 5, restarts: 100 };
    const out: string[] = [];
    for await (const chunk of lineChunks(stallingBytes(bytes, 7, 3), 16, new ChunkBuffers(17), again)) out.push(new TextDecoder().decode(chunk.bytes));
    expect(out.join('')).toBe(new TextDecoder().decode(bytes));
    expect(opened.length).toBeGreaterThan(5);
    // Read again where a chunk began: after a newline, never in the middle of a line.
    expect(opened.every((at) => at === 0 || bytes[at - 1] === 0x0a)).toBe(true);
  });

  it('a stream that keeps stalling fails after its restarts, saying so', async () => {
    const bytes = new TextEncoder().encode('a\nb\n');
    const again = { from: () => stallingBytes(bytes, 1, 0), stallMs: 5, restarts: 2 };
    const reading = (async () => {
      for await (const _ of lineChunks(stallingBytes(bytes, 1, 0), 16, new ChunkBuffers(17), again));
    })();
    await expect(reading).rejects.toThrow('its reads stalled 3 times, 5 ms each with nothing read');
  });
});
