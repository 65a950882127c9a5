import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';
import type { Digest } from './merkle';

export interface Sha256Kit {
  readonly kind: 'wasm' | 'js';
  /** One-shot SHA-256 of the concatenated parts. */
  digest: Digest;
  /** An incremental SHA-256, for a file as it is written (one at a time per kit). */
  stream(): { update(bytes: Uint8Array): void; hex(): string };
}

/**
 * SHA-256 for exports, synchronous: in WebAssembly (hash-wasm; two to three times @noble/hashes on
 * an export's gigabyte, which is most of the export's work), or @noble/hashes where WebAssembly
 * cannot be compiled (a CSP without 'wasm-unsafe-eval'). Same digests either way (tested).
 * WebCrypto's digest() is not used: it cannot hash a file as it streams, and per call it cost more
 * than hashing a leaf (measured in the export worker).
 */
export async function fastSha256(): Promise<Sha256Kit> {
  try {
    const [one, file] = await Promise.all([createSHA256(), createSHA256()]);
    return {
      kind: 'wasm',
      digest: (...parts) => {
        one.init();
        // Each call into WebAssembly costs about as much as hashing a Merkle node: join small parts first.
        if (parts.length > 1) one.update(joinSmall(parts));
        else one.update(parts[0]);
        return one.digest('binary');
      },
      stream: () => {
        file.init();
        return { update: (bytes) => file.update(bytes), hex: () => file.digest('hex') };
      },
    };
  } catch (error) {
    console.warn(`SHA-256 in JavaScript: ${(error as Error).message}`);
    return nobleSha256();
  }
}

const scratch = new Uint8Array(65);
/** The parts as one array: in place when they are as small as a Merkle node's (0x01 ‖ left ‖ right). */
function joinSmall(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const joined = length <= scratch.length ? scratch.subarray(0, length) : new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return joined;
}

/** One-shot SHA-256 of the concatenated parts; small inputs (Merkle nodes) are joined in place. */
export const nobleDigest: Digest = (...parts) => (parts.length === 1 ? sha256(parts[0]) : sha256(joinSmall(parts)));

export function nobleSha256(): Sha256Kit {
  return {
    kind: 'js',
    digest: nobleDigest,
    stream: () => {
      const h = sha256.create();
      return { update: (bytes) => h.update(bytes), hex: () => bytesToHex(h.digest()) };
    },
  };
}
