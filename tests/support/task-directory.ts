import { expect } from 'vitest';
import type { AxTraceDb } from '../../lib/log/db';

/** The task directory lists exactly the stored task blocks and, for each, the tasks it holds. */
export async function expectDirectoryMatchesBlocks(db: AxTraceDb): Promise<void> {
  const [blocks, entries] = await Promise.all([db.taskBlocks.orderBy('key').toArray(), db.taskDirectory.orderBy('key').toArray()]);
  expect(entries).toEqual(blocks.map((b) => ({ key: b.key, source: b.source, taskIds: (JSON.parse(b.facts) as { taskId: string }[]).map((f) => f.taskId) })));
}
