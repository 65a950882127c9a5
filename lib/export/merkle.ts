import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * RFC 6962 §2.1 Merkle tree hash, built as the leaves stream in: a stack of complete subtrees
 * (like a binary counter) keeps memory at O(log n). Leaves are hashed with a 0x00 prefix and
 * inner nodes with 0x01; folding the stack from the right at the end gives RFC 6962's split at
 * the largest power of two.
 */
export class MerkleBuilder {
  private stack: { size: number; hash: Uint8Array }[] = [];
  count = 0;

  push(leaf: string): void {
    let node: { size: number; hash: Uint8Array } = { size: 1, hash: sha256(concatBytes(new Uint8Array([0]), utf8ToBytes(leaf))) };
    while (this.stack.length && this.stack[this.stack.length - 1].size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count++;
  }

  root(): string {
    if (!this.stack.length) return bytesToHex(sha256(new Uint8Array()));
    let acc = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i].hash, acc);
    return bytesToHex(acc);
  }
}

export function merkleRoot(leaves: Iterable<string>): string {
  const b = new MerkleBuilder();
  for (const leaf of leaves) b.push(leaf);
  return b.root();
}

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(new Uint8Array([1]), left, right));
}
