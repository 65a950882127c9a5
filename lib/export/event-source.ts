import type { AxTraceDb } from '../log/db';
import { allChainBatches, type ChainBatch } from '../log/event-store';

/**
 * The local log in chain order (installId, seq), a page at a time, memory flat: each page's
 * canonical lines as stored (the export's Merkle leaves), each install's pages taken as they stood
 * when the export began; several reads are under way at once.
 */
export function eventBatches(db: AxTraceDb, ahead = 3): AsyncGenerator<ChainBatch> {
  return allChainBatches(db, { ahead });
}
