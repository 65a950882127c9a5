import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';

/** The WebAssembly SHA-256, once loadWasmSha256() has made it. */
let wasmSha256Hex: ((text: string) => string) | null = null;

// Synchronous SHA-256: the recorder hashes inside an IndexedDB transaction, where awaiting
// crypto.subtle would let the transaction auto-commit half-way.
export function sha256Hex(text: string): string {
  return wasmSha256Hex ? wasmSha256Hex(text) : bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * Makes sha256Hex use hash-wasm's SHA-256 from now on, where WebAssembly may be compiled (the
 * background: 'wasm-unsafe-eval' in the extension's policy; not content scripts, under the page's).
 * In the service worker @noble/hashes and its UTF-8 copy were about a third of the recorder's
 * time. Same digests (tested). Resolves with which SHA-256 is in use.
 */
export async function loadWasmSha256(): Promise<'wasm' | 'js'> {
  if (wasmSha256Hex) return 'wasm';
  try {
    const hasher = await createSHA256();
    wasmSha256Hex = (text) => {
      hasher.init();
      hasher.update(text);
      return hasher.digest('hex');
    };
    return 'wasm';
  } catch {
    return 'js';
  }
}

/** Native SHA-256 (Web Crypto): several times faster than the synchronous one for bulk checks. */
export async function sha256HexAsync(text: string): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8ToBytes(text))));
}

/**
 * RFC 8785 (JCS) canonical JSON of plain JSON data (what JSON.parse returns and what we store):
 * keys sorted by UTF-16 code units, numbers and strings as ECMAScript's JSON.stringify writes them.
 * Every event is hashed, exported and verified through this, so it is written for speed: the
 * `canonicalize` package (generic: toJSON, boxed values, cycle checks) took ~14 µs per event, this
 * ~3 µs; a test proves both give the same text.
 */
export function canonicalJson(value: unknown): string {
  const out = canonical(value);
  if (out === undefined) throw new Error('value cannot be expressed as canonical JSON');
  return out;
}

function canonical(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${value} is not allowed in canonical JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
      return canonicalObject(value as Record<string, unknown>);
    default:
      return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
  }
}

function canonicalObject(object: Record<string, unknown>): string {
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const text = canonical(object[key]);
    if (text === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}
