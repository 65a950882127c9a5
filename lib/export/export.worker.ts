/// <reference lib="webworker" />
// An export's writing and hashing, off the thread that encodes it (see worker-sink.ts): either the
// file (written to OPFS as its chunks come) or its hashes (the file's running SHA-256 and the
// Merkle tree of its events).
import { MerkleBuilder } from './merkle';
import { fastSha256, type Sha256Kit } from './sha256';
import { openExportFile, type ExportFile } from './export-file';
import type { SinkReply, SinkRequest } from './worker-sink';
import { utf8 } from './utf8';
import { listenToParent } from '../util/spawned-worker';

let sha: Sha256Kit;
let file: ExportFile | null = null;
let fileHash: ReturnType<Sha256Kit['stream']>;
let merkle: MerkleBuilder;
let bytes = 0;
let queue: Promise<void> = Promise.resolve();
let failed = false;

// Started by the export runner's page for it (lib/util/spawned-worker.ts).
const answer = listenToParent((e: MessageEvent<SinkRequest>) => {
  const request = e.data;
  queue = queue.then(async () => {
    if (failed && request.type !== 'discard') return;
    try {
      await handle(request);
    } catch (error) {
      failed = true;
      post({ type: 'error', message: (error as Error).message });
    }
  });
});
const post = (reply: SinkReply) => answer(reply);

/** Where the leaves are encoded: done with before they are encoded again. */
const scratch = { buffer: new Uint8Array(1 << 20) };

/** Adds SHA-256(0x00 ‖ leaf) of each leaf to the tree: each is a view of one encoded buffer. */
function pushLeaves(joined: string): void {
  const encoded = utf8(joined, scratch);
  for (let start = 0; start < encoded.length; ) {
    const end = encoded.indexOf(0x0a, start);
    merkle.pushLeafHash(sha.digest(encoded.subarray(start, end)));
    start = end + 1;
  }
}

async function handle(request: SinkRequest): Promise<void> {
  switch (request.type) {
    case 'open':
      sha = await fastSha256();
      fileHash = sha.stream();
      merkle = new MerkleBuilder(sha.digest);
      if (request.name !== null) file = await openExportFile(request.name);
      return post({ type: 'opened' });
    case 'write': {
      if (request.bytes) {
        bytes += request.bytes.length;
        if (file) await file.write(request.bytes);
        else fileHash.update(request.bytes);
      }
      if (request.leafHashes) merkle.pushLeafHashes(request.leafHashes);
      else if (request.leaves) pushLeaves(request.leaves);
      return post({ type: 'written', n: request.n });
    }
    case 'end': {
      const blob = file ? await file.finish() : null;
      return post({ type: 'ended', result: { sha256: fileHash.hex(), bytes, merkleRoot: merkle.root(), leaves: merkle.count }, file: blob });
    }
    case 'discard':
      await file?.discard();
      file = null;
      return post({ type: 'discarded' });
  }
}

