import Dexie, { type Table } from 'dexie';
import type { AxEvent } from './schema';
import type { ChainHead } from './chain';

export interface MetaRow {
  key: string;
  value: unknown;
}

export type AxTraceDb = Dexie & {
  // Plain Table types: Dexie's EntityTable derives key paths from the row type, which over a
  // 16-variant union costs the type checker gigabytes.
  events: Table<AxEvent, string, AxEvent>;
  meta: Table<MetaRow, string, MetaRow>;
};

export const DB_NAME = 'axtrace';

export function openDb(name = DB_NAME): AxTraceDb {
  // 'relaxed' durability: a commit is complete once the browser has written it, which survives a
  // stopped service worker or a browser crash; 'strict' also waits for an OS flush (fsync) on every
  // transaction, which costs tens of milliseconds per batch and protects only against power loss.
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed' }) as AxTraceDb;
  db.version(1).stores({
    // Indexes serve the recorder (chain order), the stats (time, task, type) and merges (id).
    events: 'id, [installId+seq], ts, taskId, type, suggestionId, [type+ts]',
    meta: 'key',
  });
  return db;
}

export const CHAIN_HEAD_KEY = 'chainHead';

export async function readChainHead(db: AxTraceDb, installId: string): Promise<ChainHead | undefined> {
  const row = await db.meta.get(`${CHAIN_HEAD_KEY}:${installId}`);
  return row?.value as ChainHead | undefined;
}
