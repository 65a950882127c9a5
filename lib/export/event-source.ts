import Dexie from 'dexie';
import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { CHAIN_HEAD_KEY } from '../log/db';

const BATCH = 5000;

/** The local log in chain order, a batch at a time (keyset paging, so memory stays flat). */
export async function* eventBatches(db: AxTraceDb, batch = BATCH): AsyncGenerator<AxEvent[]> {
  let after: unknown[] = [Dexie.minKey, Dexie.minKey];
  for (;;) {
    const rows: AxEvent[] = await db.events.where('[installId+seq]').above(after).limit(batch).toArray();
    if (!rows.length) return;
    yield rows;
    const last: AxEvent = rows[rows.length - 1];
    after = [last.installId, last.seq];
  }
}

export async function chainHeads(db: AxTraceDb): Promise<Record<string, { seq: number; hash: string }>> {
  const rows = await db.meta.where('key').startsWith(`${CHAIN_HEAD_KEY}:`).toArray();
  return Object.fromEntries(rows.map((r) => [r.key.slice(CHAIN_HEAD_KEY.length + 1), r.value as { seq: number; hash: string }]));
}
