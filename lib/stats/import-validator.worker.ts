/// <reference lib="webworker" />
// One of a team import's validators (validator-pool.ts), started by the import in the stats
// worker: parsing, checking with the schema and hashing each line are most of an import's work,
// and on their own threads they run beside the import's writes and each other.
import { fastSha256 } from '../export/sha256';
import { EventHasher } from './event-hasher';
import { validateChunk } from './validate-chunk';
import type { ValidatorReply, ValidatorRequest } from './validator-pool';
import { listenToParent } from '../util/spawned-worker';

const hasher = fastSha256().then((kit) => new EventHasher(kit));

// Started by the stats worker's page for it (lib/util/spawned-worker.ts).
const answer = listenToParent(async (e: MessageEvent<ValidatorRequest>) => {
  const { id, chunk } = e.data;
  let reply: ValidatorReply;
  try {
    reply = { id, result: { ...validateChunk(chunk, await hasher), buffer: chunk.bytes.buffer } };
  } catch (error) {
    reply = { id, error: (error as Error).message };
  }
  // The chunk's buffer goes back to be read into again (its text is decoded, its bytes not needed).
  answer(reply, 'result' in reply ? [reply.result.numbers.buffer, chunk.bytes.buffer] : []);
});
