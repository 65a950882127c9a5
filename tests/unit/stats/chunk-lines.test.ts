import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkLines } from '../../../lib/stats/chunk-lines';

/** Lines as a chunk read one by one would give them: split at each newline byte, each decoded on its own. */
function naive(chunk: Uint8Array) {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const out: { text: string; bytes: number[]; ascii: boolean }[] = [];
  for (let start = 0; start < chunk.length; ) {
    const newline = chunk.indexOf(0x0a, start);
    const end = newline < 0 ? chunk.length : newline;
    const bytes = chunk.subarray(start, end);
    out.push({ text: decoder.decode(bytes), bytes: [...bytes], ascii: bytes.every((b) => b < 0x80) });
    start = end + 1;
  }
  return out;
}

function read(chunk: Uint8Array, windowBytes?: number) {
  const out: { text: string; bytes: number[]; ascii: boolean }[] = [];
  for (const reader = new ChunkLines(chunk, windowBytes); reader.next(); ) out.push({ text: reader.text, bytes: [...reader.bytes], ascii: reader.ascii });
  return out;
}

const bytesOf = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('ChunkLines', () => {
  it('gives each line, its bytes and whether it is ASCII', () => {
    const chunk = bytesOf('{"a":1}\n\n{"b":"Zoë"}\n{"c":2}\n');
    expect(read(chunk, 8)).toEqual([
      { text: '{"a":1}', bytes: [...bytesOf('{"a":1}')], ascii: true },
      { text: '', bytes: [], ascii: true },
      { text: '{"b":"Zoë"}', bytes: [...bytesOf('{"b":"Zoë"}')], ascii: false },
      { text: '{"c":2}', bytes: [...bytesOf('{"c":2}')], ascii: true },
    ]);
  });

  it('a byte that is not UTF-8 (one U+FFFD, as many characters as bytes) is not ASCII', () => {
    const chunk = bytesOf('{"a":"x', [0x80], 'y"}\n{"b":1}');
    expect(read(chunk)).toEqual([
      { text: '{"a":"x\ufffdy"}', bytes: [...bytesOf('{"a":"x', [0x80], 'y"}')], ascii: false },
      { text: '{"b":1}', bytes: [...bytesOf('{"b":1}')], ascii: true },
    ]);
  });

  it('keeps a byte order mark, and reads a line longer than a window whole', () => {
    const long = 'x'.repeat(100);
    expect(read(bytesOf([0xef, 0xbb, 0xbf], 'ab\n', long, '\nc'), 16).map((l) => l.text)).toEqual(['\ufeffab', long, 'c']);
  });

  it('reads any chunk as splitting it at newlines and decoding each line would, whatever the window', () => {
    const piece = fc.oneof(
      fc.constantFrom('\n', '{"a":1}', ' ', 'é', '€', '😀', '\r', '\ufeff'),
      fc.string({ maxLength: 12 }),
      fc.uint8Array({ maxLength: 4 }).map((b) => [...b]),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (pieces, windowBytes) => {
        const chunk = bytesOf(...pieces);
        expect(read(chunk, windowBytes)).toEqual(naive(chunk));
      }),
      { numRuns: 500 },
    );
  });
});
