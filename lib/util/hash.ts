import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

// Synchronous SHA-256: the recorder hashes inside an IndexedDB transaction, where awaiting
// crypto.subtle would let the transaction auto-commit half-way.
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** RFC 8785 (JCS) canonical JSON. */
export function canonicalJson(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new Error('value cannot be expressed as canonical JSON');
  return out;
}
