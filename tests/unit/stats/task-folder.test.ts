import { describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { ulid } from 'ulid';
import { openDb, type AxTraceDb } from '../../../lib/log/db';
import { TaskFactsFolder } from '../../../lib/stats/task-folder';
import { blockMayHold, deleteTaskBlocksOf, everyTaskFacts, factsOfBlock, taskBlockKey, taskBlocksHolding, taskBlockOf, taskFactsOf, TASKS_PER_BLOCK } from '../../../lib/stats/task-blocks';
import { updateTaskFacts } from '../../../lib/stats/facts-store';
import { foldEvents, type TaskFacts } from '../../../lib/stats/task-facts';
import { cellsOf } from '../../../lib/stats/cells';
import { unpack } from '../../../lib/stats/packed-cells';
import { moveImportedTaskRows } from '../../../lib/stats/task-blocks-migration';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog, type TaskScript } from '../../support/log-builder';

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T09:00:00Z');
const accepted = (start: number): TaskScript => ({
  start,
  steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
/** n tasks, six hours apart: a few per day over several days. */
const tasks = (n: number) => Array.from({ length: n }, (_, i) => accepted(START + i * DAY / 4));

const freshDb = () => openDb(`task-folder-test-${ulid()}`);
const all = (db: AxTraceDb) => db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], () => undefined);
const cellsNow = async (db: AxTraceDb) => (await db.cellBlocks.orderBy('key').toArray()).flatMap((b) => unpack(b.cells)).sort((a, b) => a.key.localeCompare(b.key));
const expectedCells = (facts: Iterable<TaskFacts>) => [...cellsOf(facts).values()].sort((a, b) => a.key.localeCompare(b.key));

async function foldInBatches(db: AxTraceDb, batches: AxEvent[][], source: string, options: ConstructorParameters<typeof TaskFactsFolder>[1]) {
  const folder = new TaskFactsFolder(db, options);
  for (const batch of batches) await db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], () => folder.fold(batch, source));
  await db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], () => folder.flush());
}

describe('the task folder of a bulk import', () => {
  it('gives the same rollups and cells as folding everything at once, whatever the order, with blocks going out and coming back', async () => {
    const db = freshDb();
    await all(db);
    const log = buildLog({ actor: 'ana' }, tasks(24));
    // Batches of 7 in reverse: a task's later events come before its first (its day is learnt
    // late), and with one block held each block goes out and is read back again.
    const batches: AxEvent[][] = [];
    for (let i = log.length; i > 0; i -= 7) batches.push(log.slice(Math.max(0, i - 7), i));
    await foldInBatches(db, batches, 'ana', { maxBlocks: 1, tasksPerBlock: 2, maxCellBlocks: 1 });
    const expected = foldEvents(log, new Map(), 'ana');
    expect(await everyTaskFacts(db)).toEqual([...expected.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)));
    expect(await cellsNow(db)).toEqual(expectedCells(expected.values()));
    // Each task is stored once, in a block of its source whose day range holds its day, at most two per block.
    const blocks = await db.taskBlocks.toArray();
    expect(blocks.flatMap((b) => b.taskIds).sort()).toEqual([...expected.keys()].sort());
    for (const block of blocks) {
      expect(block.taskIds.length).toBeLessThanOrEqual(2);
      for (const f of factsOfBlock(block)) {
        expect(f.source).toBe(block.source);
        expect(f.day >= block.fromDay && f.day <= block.toDay).toBe(true);
      }
    }
    expect(await db.tasks.count()).toBe(0);
  });

  it('a later import continues the tasks an earlier one stored, in their blocks', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'bo' }, tasks(10));
    const cut = 22; // inside a task
    expect(log[cut].taskId).toBe(log[cut - 1].taskId);
    await foldInBatches(db, [log.slice(0, cut)], 'bo-monday', { tasksPerBlock: 3 });
    await foldInBatches(db, [log.slice(cut)], 'bo-week', { tasksPerBlock: 3 });
    const expected = foldEvents(log.slice(cut), foldEvents(log.slice(0, cut), new Map(), 'bo-monday'), 'bo-week');
    expect(await everyTaskFacts(db)).toEqual([...expected.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)));
    expect(await taskFactsOf(db, log[cut].taskId!)).toMatchObject({ source: 'bo-monday', submitted: { outcome: 'accepted' } });
    expect(await cellsNow(db)).toEqual(expectedCells(expected.values()));
  });

  it('asks IndexedDB only for the cell blocks that are stored, and still folds into those', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'di' }, tasks(12));
    const cut = 30;
    const asked: string[][] = [];
    // Blocks asked for that were not stored when asked: what knowing the stored keys avoids.
    const missing: string[] = [];
    const bulkGet = db.cellBlocks.bulkGet.bind(db.cellBlocks);
    vi.spyOn(db.cellBlocks, 'bulkGet').mockImplementation((keys) => {
      const list = [...(keys as string[])];
      asked.push(list);
      return bulkGet(list).then((rows) => (rows.forEach((row, i) => row || missing.push(list[i])), rows));
    });
    // A first import: every block it makes is new, so none is read.
    await foldInBatches(db, [log.slice(0, cut)], 'di', { maxCellBlocks: 1 });
    expect(asked.flat()).toEqual([]);
    const storedBefore = new Set((await db.cellBlocks.toCollection().primaryKeys()) as string[]);
    // The rest, with one block held: the first import's blocks are read back, the new days' are not.
    await foldInBatches(db, [log.slice(cut, cut + 10), log.slice(cut + 10)], 'di', { maxCellBlocks: 1 });
    expect(asked.flat().filter((k) => storedBefore.has(k)).length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(await cellsNow(db)).toEqual(expectedCells(foldEvents(log, new Map(), 'di').values()));
  });

  it('folds imported events of a task the local log holds into its row', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'cy' }, tasks(1));
    await db.transaction('rw', [db.tasks, db.cellBlocks], () => updateTaskFacts(db, log.slice(0, 2)));
    await foldInBatches(db, [log.slice(2)], 'cy', {});
    expect(await db.taskBlocks.count()).toBe(0);
    expect(await db.tasks.toArray()).toEqual([...foldEvents(log).values()]);
    expect(await cellsNow(db)).toEqual(expectedCells(foldEvents(log).values()));
  });
});

// 5,200 rows in fake-indexeddb take a few seconds.
it('the v7 upgrade moves imported task rows into blocks per source, a step at a time, and leaves local rows', { timeout: 30_000 }, async () => {
  const db = freshDb();
  const people = ['ana', 'bo'].map((actor) => foldEvents(buildLog({ actor }, Array.from({ length: 2600 }, (_, i) => accepted(START + i * 60_000))), new Map(), actor));
  const local = foldEvents(buildLog({ actor: 'me' }, tasks(3)));
  const rows = [...people.flatMap((m) => [...m.values()]), ...local.values()];
  await db.tasks.bulkPut(rows);
  await db.transaction('rw', [db.tasks, db.taskBlocks], (tx) => moveImportedTaskRows(tx));
  expect(await db.tasks.toArray()).toEqual([...local.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)));
  expect(await everyTaskFacts(db)).toEqual([...rows].sort((a, b) => a.taskId.localeCompare(b.taskId)));
  // 2,600 tasks each, read in steps of 5,000 rows across both people: blocks of at most TASKS_PER_BLOCK.
  const keys = await db.taskBlocks.toCollection().primaryKeys();
  expect(keys).toContain(taskBlockKey('ana', 0));
  for (const block of await db.taskBlocks.toArray()) expect(block.taskIds.length).toBeLessThanOrEqual(TASKS_PER_BLOCK);
});

it('a block is skipped for a filter only when none of its tasks can match it', () => {
  const facts = [...foldEvents(buildLog({ actor: 'ana "the lead"', teamId: 'emea' }, tasks(2))).values()];
  const block = taskBlockOf(taskBlockKey('ana', 0), facts);
  expect(blockMayHold(block, { actor: 'ana "the lead"', teamId: 'emea' })).toBe(true);
  expect(blockMayHold(block, { actor: 'ana', teamId: 'emea' })).toBe(false);
  expect(blockMayHold(block, { workflow: 'ticket-reply' })).toBe(true);
  expect(blockMayHold(block, { workflow: 'internal-note' })).toBe(false);
  expect(blockMayHold(block, {})).toBe(true);
});

it('the v9 upgrade lists each stored block’s tasks in the task directory and drops the blocks’ task index', async () => {
  const name = `task-folder-v8-${ulid()}`;
  const facts = ['ana', 'bo'].flatMap((actor) => [...foldEvents(buildLog({ actor }, tasks(5)), new Map(), actor).values()]);
  const blocks = [taskBlockOf(taskBlockKey('ana', 0), facts.slice(0, 3)), taskBlockOf(taskBlockKey('ana', 1), facts.slice(3, 5)), taskBlockOf(taskBlockKey('bo', 0), facts.slice(5))];
  // Version 8 as lib/log/db.ts declared it; only the tables this upgrade touches hold rows.
  const old = new Dexie(name);
  old.version(8).stores({ taskBlocks: 'key, source, toDay, fromDay, *taskIds' });
  await old.table('taskBlocks').bulkAdd(blocks);
  old.close();
  const db = openDb(name);
  await db.open();
  expect(db.verno).toBe(12);
  expect(await db.taskDirectory.orderBy('key').toArray()).toEqual(blocks.map((b) => ({ key: b.key, source: b.source, taskIds: b.taskIds })));
  expect(db.taskBlocks.schema.indexes.map((i) => i.name).sort()).toEqual(['fromDay', 'source', 'toDay']);
  expect(await taskFactsOf(db, facts[4].taskId)).toEqual(facts[4]);
  expect(await taskFactsOf(db, 'no-such-task')).toBeUndefined();
  expect(await taskBlocksHolding(db, new Set([facts[0].taskId, facts[9].taskId, 'no-such-task']))).toEqual(new Set([taskBlockKey('ana', 0), taskBlockKey('bo', 0)]));
  // Blocks and their entries go together.
  await db.transaction('rw', [db.taskBlocks, db.taskDirectory], () => deleteTaskBlocksOf(db, 'ana'));
  expect(await db.taskDirectory.toCollection().primaryKeys()).toEqual([taskBlockKey('bo', 0)]);
  expect(await db.taskBlocks.toCollection().primaryKeys()).toEqual([taskBlockKey('bo', 0)]);
});
