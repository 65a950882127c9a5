import { MerkleBuilder } from './merkle';
import type { Sha256Kit } from './sha256';

/**
 * Where runExport sends what it encodes: the file's text and, in the same order, the canonical
 * JSON of each exported event (the Merkle leaves). The sink writes the file and does the hashing,
 * so a browser can do that part on another thread (lib/export/worker-sink.ts).
 */
export interface ExportSink {
  /** `leafHashes`, when given, are the leaves' hashes (32 bytes each), used instead of hashing `leaves`. */
  write(text: string, leaves: string[], leafHashes?: Uint8Array): Promise<void> | void;
  /** Ends the file; its SHA-256 and size, and the RFC 6962 root over the leaves. */
  end(): Promise<SinkResult>;
}

export interface SinkResult {
  sha256: string;
  bytes: number;
  merkleRoot: string;
  leaves: number;
}

/** Hashes on this thread and hands each chunk, as text and as the UTF-8 bytes hashed, to `write`. */
export function hashingSink(write: (text: string, bytes: Uint8Array) => Promise<void> | void, sha: Sha256Kit): ExportSink {
  const encoder = new TextEncoder();
  const file = sha.stream();
  const merkle = new MerkleBuilder(sha.digest);
  let bytes = 0;
  return {
    async write(text, leaves, leafHashes) {
      if (leafHashes) merkle.pushLeafHashes(leafHashes);
      else for (const leaf of leaves) merkle.push(leaf);
      if (!text) return;
      const data = encoder.encode(text); // encoded once: hashed here and written as is
      file.update(data);
      bytes += data.length;
      await write(text, data);
    },
    async end() {
      return { sha256: file.hex(), bytes, merkleRoot: merkle.root(), leaves: merkle.count };
    },
  };
}
