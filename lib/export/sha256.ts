import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Digest } from './merkle';

export interface Sha256Kit {
  /** One-shot SHA-256 of the concatenated parts. */
  digest: Digest;
  /** An incremental SHA-256, for a file as it is written. */
  stream(): { update(bytes: Uint8Array): void; hex(): string };
}

const scratch = new Uint8Array(65);
/**
 * One-shot SHA-256 of the concatenated parts; small inputs (Merkle nodes) are joined in place
 * rather than in a new array. Synchronous on purpose: WebCrypto's digest() costs more per call
 * than hashing a leaf (measured in the export worker), and WebAssembly would need the extension
 * pages' CSP to allow 'wasm-unsafe-eval'.
 */
export const nobleDigest: Digest = (...parts) => {
  if (parts.length === 1) return sha256(parts[0]);
  let length = 0;
  for (const p of parts) length += p.length;
  const joined = length <= scratch.length ? scratch.subarray(0, length) : new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return sha256(joined);
};

export function nobleSha256(): Sha256Kit {
  return {
    digest: nobleDigest,
    stream: () => {
      const h = sha256.create();
      return { update: (bytes) => h.update(bytes), hex: () => bytesToHex(h.digest()) };
    },
  };
}
