import { expect, it } from 'vitest';
import Dexie from 'dexie';
import { ulid } from 'ulid';
import { openDb } from '../../../lib/log/db';
import { PAGE_SIZE, buildPage, pageEvents, pageKey, pageLines } from '../../../lib/log/pages';
import { importedSources } from '../../../lib/stats/imported-sources';
import { importedEventsOf } from '../../../lib/stats/imported-events';
import { canonicalJson } from '../../../lib/util/hash';
import { taskFactsOf } from '../../../lib/stats/task-blocks';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog, type TaskScript } from '../../support/log-builder';
import { readBodies } from '../../../lib/log/pages';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const task = (i: number): TaskScript => ({ start: DAY + i * 60_000, steps: [{ at: 0, type: 'open' }, { at: 30, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }] });

/** Version 5 exactly as lib/log/db.ts declares it (v4's stores plus the page tables). */
function openV5(name: string) {
  const v5 = new Dexie(name);
  v5.version(5).stores({
    events: 'id, [installId+seq], ts, taskId, suggestionId',
    meta: 'key',
    cellBlocks: 'key, day, source',
    tasks: 'taskId, day, source, [actor+day]',
    imported: 'id, importSource, importId, taskId, [installId+seq]',
    eventPages: 'key, [installId+fromSeq], [installId+toSeq], toTs, *taskIds',
    importedPages: 'key, importId, importSource, [installId+toSeq], *taskIds',
    pageLines: 'key',
  });
  return v5;
}

it('upgrading from version 5 moves imported rows into pages per source, import and install, in seq order, and drops the table', async () => {
  const name = `axtrace-v6-${ulid()}`;
  // Ana's 2,300 events in one import (two pages), her later 100 under another label and import;
  // Bo's events split between two labels of one import, interleaved in seq.
  const ana = buildLog({ actor: 'ana' }, Array.from({ length: 1150 }, (_, i) => task(i)));
  const anaLater = buildLog({ actor: 'ana', installId: ana[0].installId }, Array.from({ length: 1200 }, (_, i) => task(i))).slice(ana.length, ana.length + 100);
  const bo = buildLog({ actor: 'bo' }, Array.from({ length: 20 }, (_, i) => task(i)));
  const rows = [
    ...ana.map((e) => ({ ...e, importSource: 'ana', importId: 'i1' })),
    ...anaLater.map((e) => ({ ...e, importSource: 'ana-later', importId: 'i2' })),
    ...bo.map((e) => ({ ...e, importSource: e.seq % 3 ? 'bo-a' : 'bo-b', importId: 'before-v4' })),
  ];
  const v5 = openV5(name);
  // Stored in an order unlike seq order (rows are keyed by id).
  await v5.table('imported').bulkAdd([...rows].reverse());
  await v5.table('tasks').put({ taskId: 'kept', source: 'ana', day: '2026-03-02', actor: 'ana' });
  v5.close();

  const db = openDb(name);
  await db.open();
  expect(db.verno).toBe(12);
  expect(db.tables.map((t) => t.name)).not.toContain('imported');
  // …and (v7) the imported task's row moved into a task block of its source.
  expect(await db.tasks.get('kept')).toBeUndefined();
  expect(await taskFactsOf(db, 'kept')).toMatchObject({ source: 'ana' });

  const heads = await db.importedPages.orderBy('key').toArray();
  const group = (source: string) => heads.filter((h) => h.importSource === source);
  const eventsOf = async (source: string) => (await readBodies(db, group(source).map((h) => h.key))).flatMap((b) => pageEvents(b!));
  expect(group('ana').map((h) => [h.fromSeq, h.toSeq, h.count, h.importId])).toEqual([[0, PAGE_SIZE - 1, PAGE_SIZE, 'i1'], [PAGE_SIZE, ana.length - 1, ana.length - PAGE_SIZE, 'i1']]);
  expect(group('ana')[0].key).toBe(pageKey(ana[0].installId, 0, 'imp:i1:'));
  expect(await eventsOf('ana')).toEqual(ana);
  expect(await eventsOf('ana-later')).toEqual(anaLater);
  expect(await eventsOf('bo-a')).toEqual(bo.filter((e) => e.seq % 3));
  expect(await eventsOf('bo-b')).toEqual(bo.filter((e) => !(e.seq % 3)));
  // Page lines are the events' canonical JSON, without the import's fields.
  const [body] = await readBodies(db, [group('bo-b')[0].key]);
  expect(pageLines(body!)[0]).toBe(canonicalJson(bo[0]));
  // Heads and bodies exactly as pages.ts builds them.
  const page = buildPage(pageKey(ana[0].installId, PAGE_SIZE, 'imp:i1:'), ana.slice(PAGE_SIZE), ana.slice(PAGE_SIZE).map((e) => canonicalJson(e)));
  expect(group('ana')[1]).toEqual({ ...page.head, importId: 'i1', importSource: 'ana' });
  expect(await db.pageLines.get(page.head.key)).toEqual(page.body);

  expect(await importedSources(db)).toEqual([
    { source: 'ana', events: ana.length },
    { source: 'ana-later', events: 100 },
    { source: 'bo-a', events: bo.filter((e) => e.seq % 3).length },
    { source: 'bo-b', events: bo.filter((e) => !(e.seq % 3)).length },
  ]);
  expect(await importedEventsOf(db, bo[4].taskId!)).toEqual(bo.filter((e) => e.taskId === bo[4].taskId));
  db.close();
});

it('upgrading from version 5 with no imported rows leaves no pages', async () => {
  const name = `axtrace-v6-empty-${ulid()}`;
  const v5 = openV5(name);
  await v5.open();
  v5.close();
  const db = openDb(name);
  expect(await db.importedPages.count()).toBe(0);
  expect(db.tables.map((t) => t.name)).not.toContain('imported');
  db.close();
});
