import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineChunks, type LineChunk } from '../../../lib/util/line-chunks';

/** A stream handing over `bytes` in pieces cut at `cuts`. */
function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...at, bytes.length].flatMap((from, i, all) => (i + 1 < all.length && all[i + 1] > from ? [bytes.slice(from, all[i + 1])] : []));
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function chunksOf(text: string, cuts: number[], maxBytes: number): Promise<LineChunk[]> {
  const out: LineChunk[] = [];
  for await (const chunk of lineChunks(streamOf(new TextEncoder().encode(text), cuts), maxBytes)) out.push(chunk);
  return out;
}

const size = (s: string) => new TextEncoder().encode(s).length;

describe('cutting a byte stream into chunks of whole lines', () => {
  it('gives the stream back in order, cut only after newlines, each chunk as many lines as fit', async () => {
    const text = fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '\r'), maxLength: 12 }), { maxLength: 40 }).chain((lines) =>
      fc.boolean().map((ended) => lines.join('\n') + (ended && lines.length ? '\n' : '')),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 30 }), async (t, cuts, maxBytes) => {
        const chunks = await chunksOf(t, cuts, maxBytes);
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
          expect(c.bytes.byteOffset === 0 && c.bytes.byteLength === c.bytes.buffer.byteLength).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps blank lines, a long line whole, and a last line without a newline', async () => {
    const chunks = await chunksOf('a\n\n\nb\nccccccc\nd', [1, 4, 9], 4);
    expect(chunks.map((c) => new TextDecoder().decode(c.bytes))).toEqual(['a\n\n\n', 'b\n', 'ccccccc\n', 'd']);
  });
});
