import { describe, expect, it, vi } from 'vitest';
import { ulid } from 'ulid';
import { openDb, type AxTraceDb } from '../../../lib/log/db';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { deleteLabel, importedSources, PENDING_REMOVAL_KEY, planRemoval, recoverInterruptedRemoval, removeSource } from '../../../lib/stats/imported-sources';
import { IMPORT_LOCK } from '../../../lib/stats/import-lock';
import { rollBackImport } from '../../../lib/stats/import-rollback';
import { everyTaskFacts } from '../../../lib/stats/task-blocks';
import { unpack } from '../../../lib/stats/packed-cells';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog, type TaskScript } from '../../support/log-builder';
import { expectDirectoryMatchesBlocks } from '../../support/task-directory';
import { updateTaskFacts } from '../../../lib/stats/facts-store';
import { storeLivePages } from '../../support/live-pages';

const HOUR = 3_600_000;
const MONDAY = Date.parse('2026-03-02T09:00:00Z');
/** A task whose reply goes out `sentAfterHours` after it was opened. */
const task = (start: number, sentAfterHours = 0.05): TaskScript => ({
  start,
  steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: sentAfterHours * 3600, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
const file = (events: AxEvent[], name: string) => new File([events.map((e) => canonicalEventJson(e)).join('\n')], name);
const freshDb = () => openDb(`import-removal-test-${ulid()}`);
const cellsNow = async (db: AxTraceDb) =>
  (await db.cellBlocks.orderBy('key').toArray())
    .flatMap((b) => unpack(b.cells))
    .filter((c) => Object.values(c.n).some((v) => v !== 0))
    .sort((a, b) => a.key.localeCompare(b.key));
/** What the rollups are: the tasks' facts and the non-empty cells (the task directory checked against the blocks on the way). */
async function rollups(db: AxTraceDb) {
  await expectDirectoryMatchesBlocks(db);
  return { tasks: await everyTaskFacts(db), cells: await cellsNow(db) };
}
async function importedAlone(files: File[]) {
  const db = freshDb();
  for (const f of files) expect(await importTeamFiles(db, [f])).toMatchObject({ ok: true });
  return rollups(db);
}

// One person's log cut into weekly exports, with tasks that run across the cuts: opened in one
// week's file, answered in the next one's.
const log = buildLog({ actor: 'ana' }, [task(MONDAY), task(MONDAY + 100 * HOUR, 80), task(MONDAY + 200 * HOUR), task(MONDAY + 300 * HOUR, 80), task(MONDAY + 400 * HOUR)]);
const cut1 = MONDAY + 168 * HOUR;
const cut2 = MONDAY + 336 * HOUR;
const week1 = file(log.filter((e) => e.ts < cut1), 'ana-week1.ndjson');
const week2 = file(log.filter((e) => e.ts >= cut1 && e.ts < cut2), 'ana-week2.ndjson');
const week3 = file(log.filter((e) => e.ts >= cut2), 'ana-week3.ndjson');

describe('removing an import while another holds the import lock', () => {
  it('waits until the lock is free, so an import in another tab is not undone under it', async () => {
    const db = freshDb();
    expect(await importTeamFiles(db, [week1])).toMatchObject({ ok: true });
    // A Web Locks stand-in (Node has none): one holder at a time per name, in order.
    const queues = new Map<string, Promise<unknown>>();
    const asked: string[] = [];
    const request = (name: string, work: () => Promise<unknown>) => {
      asked.push(name);
      const run = (queues.get(name) ?? Promise.resolve()).then(work);
      queues.set(name, run.catch(() => undefined));
      return run;
    };
    vi.stubGlobal('navigator', { locks: { request } });
    try {
      let release!: () => void;
      const held = request(IMPORT_LOCK, () => new Promise<void>((r) => (release = r)));
      const removal = removeSource(db, 'ana-week1');
      // Once the removal waits in the lock's queue, the label must still be there.
      await vi.waitFor(() => expect(asked).toEqual([IMPORT_LOCK, IMPORT_LOCK]));
      expect(await importedSources(db)).toEqual([{ source: 'ana-week1', events: expect.any(Number) }]);
      release();
      await held;
      expect(await removal).toBeGreaterThan(0);
      expect(await importedSources(db)).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('removing an import whose tasks run into other imports', () => {
  it('the crossing tasks are refolded from the events left, as if the removed file had never been imported', async () => {
    for (const [removed, left] of [['ana-week1', [week2, week3]], ['ana-week2', [week1, week3]], ['ana-week3', [week1, week2]]] as const) {
      const db = freshDb();
      for (const f of [week1, week2, week3]) expect(await importTeamFiles(db, [f])).toMatchObject({ ok: true });
      await removeSource(db, removed);
      const after = await rollups(db);
      const expected = await importedAlone([...left]);
      // The same tasks with the same facts and cells, a crossing task labelled by the first file left that holds it.
      expect(after).toEqual(expected);
    }
  });

  it('a removal cut short after its pages went (a closed tab) is finished on the next open, to the same end', async () => {
    for (const [removed, left] of [['ana-week1', [week2, week3]], ['ana-week2', [week1, week3]]] as const) {
      const db = freshDb();
      for (const f of [week1, week2, week3]) expect(await importTeamFiles(db, [f])).toMatchObject({ ok: true });
      const { pending } = await planRemoval(db, removed);
      await db.meta.put({ key: PENDING_REMOVAL_KEY, value: pending });
      await deleteLabel(db, removed);
      // The tab closed here: the labels sharing its tasks were not rebuilt yet.
      expect(await recoverInterruptedRemoval(db)).toBe(true);
      expect(await rollups(db)).toEqual(await importedAlone([...left]));
      expect(await db.meta.get(PENDING_REMOVAL_KEY)).toBeUndefined();
      expect(await recoverInterruptedRemoval(db)).toBe(false);
    }
  });

  it('an undone import leaves the rollups of the imports before it as they were, the tasks it continued too', async () => {
    const db = freshDb();
    for (const f of [week1, week2]) expect(await importTeamFiles(db, [f])).toMatchObject({ ok: true });
    const before = await rollups(db);
    // week3 continues a task of week2's, which itself continues one of week1's; then it is undone (as after a crash).
    expect(await importTeamFiles(db, [week3])).toMatchObject({ ok: true });
    const importId = (await db.importedPages.where('importSource').equals('ana-week3').first())!.importId;
    await rollBackImport(db, { importId, sources: ['ana-week3'] });
    expect(await rollups(db)).toEqual(before);
  });
});

describe('tasks of this browser’s own log that an import added to', () => {
  // This browser is ana's, and its log holds her events from week 2 on; her whole export brings the
  // earlier ones, among them the opening of a task whose answer is in the log here.
  const from = log.findIndex((e) => e.ts >= cut1);
  const crossing = log.find((e) => e.ts === MONDAY + 100 * HOUR)!.taskId!;
  async function ownLogFromWeek2() {
    const db = freshDb();
    const own = log.slice(from);
    await storeLivePages(db, own);
    await db.transaction('rw', [db.tasks, db.cellBlocks], () => updateTaskFacts(db, own, 'local'));
    return db;
  }
  const localNow = async (db: AxTraceDb) => ({ rows: await db.tasks.orderBy('taskId').toArray(), cells: await cellsNow(db) });

  it('removing the import, or undoing it, leaves their rows and cells as the log alone makes them', async () => {
    for (const undo of [false, true]) {
      const db = await ownLogFromWeek2();
      const before = await localNow(db);
      expect(before.rows.find((r) => r.taskId === crossing)).toMatchObject({ openedAt: MONDAY + 180 * HOUR });
      expect(await importTeamFiles(db, [file(log, 'ana-all.ndjson')])).toMatchObject({ ok: true, added: from });
      // The import folded the task's opening into the log's row.
      expect(await db.tasks.get(crossing)).toMatchObject({ openedAt: MONDAY + 100 * HOUR, source: 'local' });
      if (undo) {
        const importId = (await db.importedPages.where('importSource').equals('ana-all').first())!.importId;
        await rollBackImport(db, { importId, sources: ['ana-all'] });
      } else await removeSource(db, 'ana-all');
      expect(await localNow(db)).toEqual(before);
    }
  });

  it('a removal cut short gives the rows back too, once finished on the next open', async () => {
    const db = await ownLogFromWeek2();
    const before = await localNow(db);
    expect(await importTeamFiles(db, [file(log, 'ana-all.ndjson')])).toMatchObject({ ok: true });
    const { pending } = await planRemoval(db, 'ana-all');
    expect(pending.localTasks).toContain(crossing);
    await db.meta.put({ key: PENDING_REMOVAL_KEY, value: pending });
    await deleteLabel(db, 'ana-all');
    expect(await recoverInterruptedRemoval(db)).toBe(true);
    expect(await localNow(db)).toEqual(before);
  });

  it('removing one of two imports that added to a row keeps what the other brought', async () => {
    const split = log.findIndex((e) => e.taskId === crossing && e.type === 'suggestion.shown');
    const first = file(log.slice(0, split), 'ana-a.ndjson');
    const second = file(log.slice(split, from), 'ana-b.ndjson');
    const db = await ownLogFromWeek2();
    for (const f of [first, second]) expect(await importTeamFiles(db, [f])).toMatchObject({ ok: true });
    await removeSource(db, 'ana-b');
    const firstAlone = await ownLogFromWeek2();
    expect(await importTeamFiles(firstAlone, [first])).toMatchObject({ ok: true });
    const expected = await localNow(firstAlone);
    expect(expected.rows.find((r) => r.taskId === crossing)).toMatchObject({ openedAt: MONDAY + 100 * HOUR });
    expect(await localNow(db)).toEqual(expected);
  });
});
