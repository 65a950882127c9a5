import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadWasmSha256, sha256Hex } from '../../../lib/util/hash';

// What TextEncoder makes of a string (a lone surrogate becomes U+FFFD), hashed by Node.
const reference = (text: string) => createHash('sha256').update(new TextEncoder().encode(text)).digest('hex');
const texts = ['', 'abc', 'Grüße, Zoë — 東京 🚀', 'x'.repeat(100_000), 'lone \uD800 high', 'lone \uDC00 low', 'pair \uD83D\uDE80 ok', '\u0000\u007f\u0080\u07ff\u0800\uffff'];

describe('sha256Hex', () => {
  it('gives the same digests with @noble/hashes and, once loaded, with WebAssembly, lone surrogates included', async () => {
    const before = texts.map(sha256Hex);
    expect(before).toEqual(texts.map(reference));
    expect(await loadWasmSha256()).toBe('wasm');
    expect(texts.map(sha256Hex)).toEqual(before);
  });
});
