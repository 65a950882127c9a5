import Dexie, { type Table } from 'dexie';
import type { AxEvent } from './schema';
import type { ChainHead } from './chain';
import type { TaskFacts } from '../stats/task-facts';
import type { CellBlock } from '../stats/cell-blocks';
import type { ImportedPageHead, PageBody, PageHead } from './pages';
import { migrateImportedRows } from './imported-migration';
import { moveRowsToLivePages } from './live-pages-migration';
import { moveImportedTaskRows } from '../stats/task-blocks-migration';
import { rebuildCellBlocks } from '../stats/cell-blocks-migration';
import { directoryEntryOf, type TaskBlock, type TaskDirectoryEntry } from '../stats/task-blocks';

export interface MetaRow {
  key: string;
  value: unknown;
}

export type AxTraceDb = Dexie & {
  // Plain Table types: Dexie's EntityTable derives key paths from the row type, which over a
  // 16-variant union costs the type checker gigabytes.
  meta: Table<MetaRow, string, MetaRow>;
  /** Per-task rollups, kept current in the same transaction as the events they fold. */
  tasks: Table<TaskFacts, string, TaskFacts>;
  /** Imported tasks' rollups, packed TASKS_PER_BLOCK of a source's tasks per row (lib/stats/task-blocks.ts). */
  taskBlocks: Table<TaskBlock, string, TaskBlock>;
  /** Which tasks each task block holds (lib/stats/task-blocks.ts): found without reading the blocks. */
  taskDirectory: Table<TaskDirectoryEntry, string, TaskDirectoryEntry>;
  /** Daily rollup cells (lib/stats/cells.ts), packed per source and day: what the dashboard reads. */
  cellBlocks: Table<CellBlock, string, CellBlock>;
  /** This install's log (lib/log/pages.ts): live pages, written by the recorder, and sealed pages past the sealing horizon. */
  eventPages: Table<PageHead, string, PageHead>;
  /**
   * Pages of events imported from team members' exports, labelled by source (the file's name) so
   * an import can be removed again, and by import id so an unfinished import can be undone.
   */
  importedPages: Table<ImportedPageHead, string, ImportedPageHead>;
  /** The bodies of both kinds of page, by the page's key. */
  pageLines: Table<PageBody, string, PageBody>;
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
  // v2: rollups for the dashboard and a separate home for imported team events (the local chain
  // and its verification only ever cover this install's own events).
  db.version(2)
    .stores({ tasks: 'taskId, day, source', imported: 'id, source, taskId, [installId+seq]' })
    .upgrade(async (tx) => {
      const { foldEvents } = await import('../stats/task-facts');
      const facts = foldEvents(await tx.table('events').toArray());
      await tx.table('tasks').bulkPut([...facts.values()]);
    });
  // v3: daily rollup cells over the task rollups, so the dashboard's reads do not grow with the log.
  db.version(3)
    .stores({ cells: 'key, day, source' })
    .upgrade(async (tx) => {
      const { cellsOf } = await import('../stats/cells');
      await tx.table('cells').bulkPut([...cellsOf(await tx.table('tasks').toArray()).values()]);
    });
  // v4: the cells packed into one block per source and day (lib/stats/cell-blocks.ts): a million
  // events' cells took seconds to read as objects. Tasks by person and day: a person's latest
  // tasks without walking everyone's. Imported rows get their own label field and an import id.
  // Events lose the type indexes nothing reads: every index is written with every event.
  db.version(4)
    .stores({
      events: 'id, [installId+seq], ts, taskId, suggestionId',
      cells: null,
      cellBlocks: 'key, day, source',
      tasks: 'taskId, day, source, [actor+day]',
      imported: 'id, importSource, importId, taskId, [installId+seq]',
    })
    .upgrade(async (tx) => {
      // Imported rows kept their label in `source`, which config.changed events use for their own
      // field: the label moves to `importSource`.
      await tx.table('imported').toCollection().modify((row: Record<string, unknown>) => {
        row.importSource = row.source;
        row.importId = 'before-v4';
        if (row.type !== 'config.changed') delete row.source;
      });
      const [{ cellsOf }, { blocksOf }] = await Promise.all([import('../stats/cells'), import('../stats/cell-blocks')]);
      await tx.table('cellBlocks').bulkPut(blocksOf(cellsOf(await tx.table('tasks').toArray()).values()));
    });
  // v5: sealed pages (lib/log/pages.ts). Events past the sealing horizon and imported events are
  // stored a page of canonical JSON lines per row: a row per event made a million-event export or
  // import take minutes on IndexedDB's per-row cost.
  db.version(5).stores({
    eventPages: 'key, [installId+fromSeq], [installId+toSeq], toTs, *taskIds',
    importedPages: 'key, importId, importSource, [installId+toSeq], *taskIds',
    pageLines: 'key',
  });
  // v6: imported events move from a row each (five indexes) to pages, a team import's million
  // events into ~500 rows: each source's, import's and install's events in seq order, cut every
  // PAGE_SIZE events. The old table is read here and dropped after the upgrade. Imported statically,
  // not loaded when needed like the upgrades above: awaiting a chunk's load inside the upgrade
  // transaction could let IndexedDB commit it half-way.
  db.version(6)
    .stores({ imported: null })
    .upgrade((tx) => migrateImportedRows(tx));
  // v7: imported tasks' rollups move from a row each to blocks of a source's tasks: at ~150 µs a
  // row, a million-event import's 200k task rows were half its time. Local tasks stay rows. Imported
  // pages lose their task index (~7 µs per task and page written): the task blocks' index finds a
  // task's source, and its install's page heads (which still list their tasks) its pages.
  db.version(7)
    .stores({ taskBlocks: 'key, source, toDay, *taskIds', importedPages: 'key, importId, importSource, [installId+toSeq]' })
    .upgrade((tx) => moveImportedTaskRows(tx));
  // v8: retention reaches imported data: the pages and task blocks that hold anything older than
  // the cutoff are found by their first time and day, without reading the rest.
  db.version(8).stores({
    taskBlocks: 'key, source, toDay, fromDay, *taskIds',
    importedPages: 'key, importId, importSource, [installId+toSeq], fromTs',
  });
  // v9: the task blocks lose their multi-entry index of task ids (an index entry per task, ~200k
  // for a million-event import, was over a third of IndexedDB's work in it); which block holds a
  // task is read from a directory row per block instead (un-indexed lists of ids).
  db.version(9)
    .stores({ taskBlocks: 'key, source, toDay, fromDay', taskDirectory: 'key, source' })
    .upgrade(async (tx) => {
      const entries: TaskDirectoryEntry[] = [];
      await tx.table<TaskBlock, string>('taskBlocks').each((block) => void entries.push(directoryEntryOf(block)));
      await tx.table('taskDirectory').bulkAdd(entries);
    });
  // v10: events lose their suggestion index, which nothing reads (a suggestion's events are found
  // through its task), and with it an index entry written with every suggestion's event.
  db.version(10).stores({ events: 'id, [installId+seq], ts, taskId' });
  // v11: cells count overridden suggestions themselves (lib/stats/metrics.ts isOverridden), in
  // place of fallback tasks with a suggestion, which the override rate added to suggestions: every
  // cell block is rebuilt from the task rollups.
  db.version(11)
    .stores({})
    .upgrade((tx) => rebuildCellBlocks(tx));
  // v12: the recorder writes a page per transaction in place of a row per event (a row cost
  // IndexedDB 150–250 µs in Chromium, far over the recording budget); a live page's event ids are
  // a unique index, which turns a resent event away. The live rows move into live pages.
  db.version(12)
    .stores({ events: null, eventPages: 'key, [installId+fromSeq], [installId+toSeq], toTs, *taskIds, &*ids' })
    .upgrade((tx) => moveRowsToLivePages(tx));
  return db;
}

export const CHAIN_HEAD_KEY = 'chainHead';
/** Where an install's chain starts after a retention purge (seq and hash of the last purged event). */
export const CHAIN_BASE_KEY = 'chainBase';

/** Every install's chain head in this log, by install id: the installs whose chains it holds. */
export async function readChainHeads(db: AxTraceDb): Promise<Record<string, ChainHead>> {
  const rows = await db.meta.where('key').startsWith(`${CHAIN_HEAD_KEY}:`).toArray();
  return Object.fromEntries(rows.map((r) => [r.key.slice(CHAIN_HEAD_KEY.length + 1), r.value as ChainHead]));
}

export async function readChainHead(db: AxTraceDb, installId: string): Promise<ChainHead | undefined> {
  const row = await db.meta.get(`${CHAIN_HEAD_KEY}:${installId}`);
  return row?.value as ChainHead | undefined;
}
