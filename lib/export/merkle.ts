import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { nobleDigest } from './sha256';

/** SHA-256 of the concatenated parts. */
export type Digest = (...parts: Uint8Array[]) => Uint8Array;
const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/**
 * RFC 6962 §2.1 Merkle tree hash, built as the leaves stream in: a stack of complete subtrees
 * (like a binary counter) keeps memory at O(log n). Leaves are hashed with a 0x00 prefix and
 * inner nodes with 0x01; folding the stack from the right at the end gives RFC 6962's split at
 * the largest power of two. The SHA-256 can be swapped for a faster one (the exporter's).
 */
export class MerkleBuilder {
  private stack: { size: number; hash: Uint8Array }[] = [];
  count = 0;

  constructor(private readonly digest: Digest = nobleDigest) {}

  push(leaf: string): void {
    this.pushLeafHash(this.digest(LEAF, utf8ToBytes(leaf)));
  }

  /** Adds a leaf whose hash, SHA-256(0x00 ‖ leaf), was computed elsewhere. */
  pushLeafHash(hash: Uint8Array): void {
    let node = { size: 1, hash };
    while (this.stack.length && this.stack[this.stack.length - 1].size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: this.digest(NODE, left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count++;
  }

  /** Adds leaves whose hashes leafHashesOf computed (or a page stored). */
  pushLeafHashes(hashes: Uint8Array): void {
    for (let at = 0; at < hashes.length; at += 32) this.pushLeafHash(hashes.subarray(at, at + 32));
  }

  root(): string {
    if (!this.stack.length) return bytesToHex(this.digest(new Uint8Array()));
    let acc = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = this.digest(NODE, this.stack[i].hash, acc);
    return bytesToHex(acc);
  }
}

/** SHA-256(0x00 ‖ leaf) of each leaf, 32 bytes apiece in one array: what pushLeafHashes takes. */
export function leafHashesOf(leaves: string[], digest: Digest = nobleDigest): Uint8Array {
  const out = new Uint8Array(leaves.length * 32);
  leaves.forEach((leaf, i) => out.set(digest(LEAF, utf8ToBytes(leaf)), i * 32));
  return out;
}

/** The 32-byte hashes at the given indexes, in a new array. */
export function pickHashes(hashes: Uint8Array, indexes: number[]): Uint8Array {
  const out = new Uint8Array(indexes.length * 32);
  indexes.forEach((i, j) => out.set(hashes.subarray(i * 32, i * 32 + 32), j * 32));
  return out;
}

export function merkleRoot(leaves: Iterable<string>): string {
  const b = new MerkleBuilder();
  for (const leaf of leaves) b.push(leaf);
  return b.root();
}
