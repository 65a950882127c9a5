import type { AxTraceDb, ImportedEvent } from '../log/db';
import type { AxEvent } from '../log/schema';
import { foldEvents } from './task-facts';
import { cellsOf } from './cells';
import { blocksOf } from './cell-blocks';

/** Written before an import's first batch and removed after its last: its presence means "undo me". */
export const PENDING_IMPORT_KEY = 'pendingImport';
export interface PendingImport {
  importId: string;
  sources: string[];
}
/** Held while an import runs, so another dashboard tab does not undo an import still in progress. */
export const IMPORT_LOCK = 'axtrace-team-import';

/**
 * Undoes an import that did not finish (a bad line half-way, a full disk, a closed tab): its
 * events go, and the task rollups and cells of the sources it touched are rebuilt from what
 * remains of those sources.
 */
export async function rollBackImport(db: AxTraceDb, pending: PendingImport): Promise<void> {
  await db.transaction('rw', [db.imported, db.tasks, db.cellBlocks, db.meta], async () => {
    await db.imported.where('importId').equals(pending.importId).delete();
    for (const source of pending.sources) {
      await db.tasks.where('source').equals(source).delete();
      await db.cellBlocks.where('source').equals(source).delete();
      const remaining: AxEvent[] = (await db.imported.where('importSource').equals(source).toArray()).map(withoutImportFields);
      if (!remaining.length) continue;
      const facts = foldEvents(remaining.sort((a, b) => a.ts - b.ts || a.seq - b.seq), new Map(), source);
      await db.tasks.bulkPut([...facts.values()]);
      await db.cellBlocks.bulkPut(blocksOf(cellsOf(facts.values()).values()));
    }
    await db.meta.delete(PENDING_IMPORT_KEY);
  });
}

/** On opening the dashboard: undoes an import that a closed tab or a crash left half-way. */
export async function recoverInterruptedImport(db: AxTraceDb): Promise<boolean> {
  const run = async () => {
    const row = await db.meta.get(PENDING_IMPORT_KEY);
    if (!row) return false;
    await rollBackImport(db, row.value as PendingImport);
    return true;
  };
  if (typeof navigator === 'undefined' || !navigator.locks) return run();
  return navigator.locks.request(IMPORT_LOCK, { ifAvailable: true }, (lock) => (lock ? run() : false));
}

export function withoutImportFields(row: ImportedEvent): AxEvent {
  const { importSource: _source, importId: _id, ...event } = row;
  return event as AxEvent;
}
