import type { AxTraceDb } from '../log/db';

/** Removes everything an import brought in, by its source label. */
export async function removeSource(db: AxTraceDb, source: string): Promise<number> {
  return db.transaction('rw', db.imported, db.tasks, db.cellBlocks, async () => {
    const removed = await db.imported.where('importSource').equals(source).delete();
    await db.tasks.where('source').equals(source).delete();
    await db.cellBlocks.where('source').equals(source).delete();
    return removed;
  });
}

/** Each import label and its event count: the index skips from label to label, the counts are native. */
export async function importedSources(db: AxTraceDb): Promise<{ source: string; events: number }[]> {
  const sources = (await db.imported.orderBy('importSource').uniqueKeys()).map(String);
  return Promise.all(sources.map(async (source) => ({ source, events: await db.imported.where('importSource').equals(source).count() })));
}
