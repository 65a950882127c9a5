import type { AxTraceDb } from '../../lib/log/db';
import { readBody, type ReadBody } from '../../lib/log/pages';

/** Stored page bodies by key, their Blobs read (an imported run's body is its file's slice). */
export async function readBodies(db: AxTraceDb, keys: string[]): Promise<(ReadBody | undefined)[]> {
  return Promise.all((await db.pageLines.bulkGet(keys)).map((body) => body && readBody(body)));
}
