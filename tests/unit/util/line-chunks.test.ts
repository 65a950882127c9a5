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

async function chunksOf(text: string, cuts: number[], maxLines: number, maxBytes: number): Promise<LineChunk[]> {
  const out: LineChunk[] = [];
  for await (const chunk of lineChunks(streamOf(new TextEncoder().encode(text), cuts), maxLines, maxBytes)) out.push(chunk);
  return out;
}

describe('cutting a byte stream into chunks of whole lines', () => {
  it('gives the stream back in order, cut only after newlines, within the limits, with line numbers', async () => {
    const text = fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '\r') , maxLength: 12 }), { maxLength: 40 }).chain((lines) =>
      fc.boolean().map((ended) => lines.join('\n') + (ended && lines.length ? '\n' : '')),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 30 }), async (t, cuts, maxLines, maxBytes) => {
        const chunks = await chunksOf(t, cuts, maxLines, maxBytes);
        const decoded = chunks.map((c) => new TextDecoder().decode(c.bytes));
        expect(decoded.join('')).toBe(t);
        const lines = t ? t.split('\n').length - (t.endsWith('\n') ? 1 : 0) : 0;
        let next = 1;
        let end = 0;
        for (const [i, c] of chunks.entries()) {
          expect(c.firstLine).toBe(next);
          expect(c.lines).toBe(decoded[i].split('\n').length - (decoded[i].endsWith('\n') ? 1 : 0));
          expect(c.lines).toBeLessThanOrEqual(maxLines);
          // Only the chunk's last line may take it past maxBytes.
          const withoutLast = decoded[i].slice(0, decoded[i].slice(0, -1).lastIndexOf('\n') + 1);
          expect(new TextEncoder().encode(withoutLast).length).toBeLessThan(maxBytes);
          if (i + 1 < chunks.length) expect(decoded[i].endsWith('\n')).toBe(true);
          end += c.bytes.length;
          expect(c.end).toBe(end);
          expect(c.bytes.byteOffset === 0 && c.bytes.byteLength === c.bytes.buffer.byteLength).toBe(true);
          next += c.lines;
        }
        expect(next - 1).toBe(lines);
      }),
      { numRuns: 500 },
    );
  });

  it('counts blank lines, and a last line without a newline', async () => {
    const chunks = await chunksOf('a\n\n\nb\nc', [1, 4], 2, 1000);
    expect(chunks.map((c) => [new TextDecoder().decode(c.bytes), c.firstLine, c.lines])).toEqual([['a\n\n', 1, 2], ['\nb\n', 3, 2], ['c', 5, 1]]);
  });
});
