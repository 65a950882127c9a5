import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';

// Counts the WebAssembly hasher's use, to tell which SHA-256 sha256Hex took.
const wasmUpdates = vi.hoisted(() => ({ count: 0 }));
vi.mock('hash-wasm', async (original) => {
  const real = await original<typeof import('hash-wasm')>();
  return {
    ...real,
    createSHA256: async () => {
      const hasher = await real.createSHA256();
      const update = hasher.update.bind(hasher);
      hasher.update = (data) => (wasmUpdates.count++, update(data));
      return hasher;
    },
  };
});
const { loadWasmSha256, sha256Hex } = await import('../../../lib/util/hash');

// What TextEncoder makes of a string (a lone surrogate becomes U+FFFD), hashed by Node.
const reference = (text: string) => createHash('sha256').update(new TextEncoder().encode(text)).digest('hex');
const texts = ['', 'abc', 'Grüße, Zoë — 東京 🚀', 'x'.repeat(100_000), 'lone \uD800 high', 'lone \uDC00 low', 'pair \uD83D\uDE80 ok', '\u0000\u007f\u0080\u07ff\u0800\uffff'];

describe('sha256Hex', () => {
  it('hashes with @noble/hashes until the WebAssembly SHA-256 is loaded, then with it, to the same digests, lone surrogates included', async () => {
    expect(texts.map(sha256Hex)).toEqual(texts.map(reference));
    expect(wasmUpdates.count).toBe(0);
    expect(await loadWasmSha256()).toBe('wasm');
    expect(texts.map(sha256Hex)).toEqual(texts.map(reference));
    expect(wasmUpdates.count).toBe(texts.length);
  });
});
