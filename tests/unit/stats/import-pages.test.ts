import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { openDb, type AxTraceDb } from '../../../lib/log/db';
import { buildPage, pageEvents, pageKey, pageLines } from '../../../lib/log/pages';
import { canonicalJson } from '../../../lib/util/hash';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { importedSources, removeSource } from '../../../lib/stats/imported-sources';
import { importedEventsOf } from '../../../lib/stats/imported-events';
import { foldEvents } from '../../../lib/stats/task-facts';
import { cellsOf } from '../../../lib/stats/cells';
import { unpack } from '../../../lib/stats/packed-cells';
import { everyTaskFacts, taskFactsOf } from '../../../lib/stats/task-blocks';
import { eventHash } from '../../../lib/log/chain';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog, toNdjson, type TaskScript } from '../../support/log-builder';
import { readBodies } from '../../../lib/log/pages';
import { storeLivePages } from '../../support/live-pages';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const accepted = (start: number): TaskScript => ({
  start,
  steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
const unassisted = (start: number): TaskScript => ({ start, steps: [{ at: 0, type: 'open' }, { at: 90, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }] });
/** n tasks a few minutes apart over several days, alternately accepted and unassisted. */
const tasks = (n: number, from = DAY) => Array.from({ length: n }, (_, i) => (i % 2 ? unassisted : accepted)(from + i * 97 * MIN));

let n = 0;
const freshDb = () => openDb(`import-pages-test-${n++}-${ulid()}`);
const file = (events: AxEvent[], name: string) => new File([toNdjson(events)], name);

/** Everything imported, in page-key order: the heads and the events read back from the bodies. */
async function stored(db: AxTraceDb) {
  const heads = await db.importedPages.orderBy('key').toArray();
  const bodies = await readBodies(db, heads.map((h) => h.key));
  return { heads, bodies, events: bodies.flatMap((b) => pageEvents(b!)) };
}
const cellsNow = async (db: AxTraceDb) => (await db.cellBlocks.orderBy('key').toArray()).flatMap((b) => unpack(b.cells)).sort((a, b) => a.key.localeCompare(b.key));

describe('imported events as pages', () => {
  it('writes pages that read back equal to the input, one install and seq range per page, with their tasks', async () => {
    const db = freshDb();
    const ana = buildLog({ actor: 'ana' }, tasks(40));
    const bo = buildLog({ actor: 'bo' }, tasks(25, DAY + 7 * MIN));
    const result = await importTeamFiles(db, [file(ana, 'ana.ndjson'), file(bo, 'bo.ndjson')], { batchSize: 64, maxHeldTaskBlocks: 2, tasksPerBlock: 3, maxHeldBlocks: 2 });
    expect(result).toEqual({ ok: true, added: ana.length + bo.length, duplicates: 0, expired: 0, sources: ['ana', 'bo'] });
    const { heads, bodies, events } = await stored(db);
    const byInstall = (id: string) => events.filter((e) => e.installId === id);
    expect(byInstall(ana[0].installId)).toEqual(ana);
    expect(byInstall(bo[0].installId)).toEqual(bo);
    expect(heads).toHaveLength(Math.ceil(ana.length / 64) + Math.ceil(bo.length / 64));
    for (const [i, head] of heads.entries()) {
      const lines = pageLines(bodies[i]!);
      const evs = pageEvents(bodies[i]!);
      // Each line is the event's canonical JSON (an export's line and Merkle leaf).
      expect(lines).toEqual(evs.map((e) => canonicalJson(e)));
      expect(head).toMatchObject({ installId: evs[0].installId, fromSeq: evs[0].seq, toSeq: evs.at(-1)!.seq, count: evs.length, importSource: evs[0].actor });
      expect(head.key.startsWith(`imp:${head.importId}:`)).toBe(true);
      expect(new Set(head.taskIds)).toEqual(new Set(evs.map((e) => e.taskId)));
    }
    expect(await importedSources(db)).toEqual([{ source: 'ana', events: ana.length }, { source: 'bo', events: bo.length }]);
    // The rollups, folded across batches in blocks of 3 tasks with at most 2 blocks and 2 cell blocks held, are the same as folding everything at once.
    const all = foldEvents(ana, new Map(), 'ana');
    foldEvents(bo, all, 'bo');
    expect(await everyTaskFacts(db)).toEqual([...all.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)));
    expect(await cellsNow(db)).toEqual([...cellsOf(all.values()).values()].sort((a, b) => a.key.localeCompare(b.key)));
    // The trace of a task reads its events back from the pages.
    const taskId = ana[30].taskId!;
    expect(await importedEventsOf(db, taskId)).toEqual(ana.filter((e) => e.taskId === taskId));
    // …from its install's pages only, when the install is known.
    expect(await importedEventsOf(db, taskId, ana[0].installId)).toEqual(ana.filter((e) => e.taskId === taskId));
    expect(await importedEventsOf(db, taskId, bo[0].installId)).toEqual([]);
  });

  it('skips events this install already holds in its own sealed pages', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'cy' }, tasks(30));
    // Seqs 10–59 of cy's log are sealed here (as if this browser were cy's), in two pages.
    for (const part of [log.slice(10, 40), log.slice(40, 60)]) {
      const { head, body } = buildPage(pageKey(part[0].installId, part[0].seq), part, part.map((e) => canonicalJson(e)));
      await db.eventPages.add(head);
      await db.pageLines.add(body);
    }
    const result = await importTeamFiles(db, [file(log, 'cy.ndjson')], { batchSize: 25 });
    expect(result).toMatchObject({ ok: true, added: log.length - 50, duplicates: 50 });
    const { events } = await stored(db);
    expect(events).toEqual([...log.slice(0, 10), ...log.slice(60)]);
  });

  it('skips events this install holds in live pages of its log, and refuses one that disagrees with one of them', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'cy' }, tasks(30));
    // Seqs 70 on are in live pages here (as if this browser were cy's); batches before them read nothing.
    await storeLivePages(db, log.slice(70), 7);
    const result = await importTeamFiles(db, [file(log, 'cy.ndjson')], { batchSize: 25 });
    expect(result).toMatchObject({ ok: true, added: 70, duplicates: log.length - 70 });
    expect((await stored(db)).events).toEqual(log.slice(0, 70));

    const other = freshDb();
    await storeLivePages(other, log.slice(70), 7);
    const forged = { ...log[75], id: ulid(log[75].ts) } as AxEvent;
    const forks = [...log.slice(0, 75), { ...forged, hash: eventHash(forged) }];
    const refused = await importTeamFiles(other, [file(forks, 'cy-fork.ndjson')], { batchSize: 25 });
    expect(refused).toEqual({ ok: false, error: `cy-fork.ndjson line 76: event ${forged.id} has seq 75 of its install, which already holds event ${log[75].id}: the two logs disagree. Nothing was imported.` });
  });

  it('skips events an earlier import stored, also where the overlap starts inside a page, and overlapping files in one import', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'di' }, tasks(40));
    expect(await importTeamFiles(db, [file(log.slice(0, 70), 'di-1.ndjson')], { batchSize: 30 })).toMatchObject({ ok: true, added: 70 });
    // One import of two files overlapping each other and the earlier import, batches cutting pages anywhere.
    const second = await importTeamFiles(db, [file(log.slice(45, 110), 'di-2.ndjson'), file(log.slice(90), 'di-3.ndjson')], { batchSize: 17 });
    expect(second).toEqual({ ok: true, added: log.length - 70, duplicates: 25 + 20, expired: 0, sources: ['di-2', 'di-3'] });
    const { events } = await stored(db);
    expect(events.sort((a, b) => a.seq - b.seq)).toEqual(log);
    expect((await importedSources(db)).reduce((s, x) => s + x.events, 0)).toBe(log.length);
    // A third time: nothing new.
    expect(await importTeamFiles(db, [file(log, 'di.ndjson')], { batchSize: 50 })).toMatchObject({ ok: true, added: 0, duplicates: log.length });
    expect(await everyTaskFacts(db)).toHaveLength(40);
  });

  it('finds the stored rollups of tasks it continues among many other stored tasks of the same hours', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'hal' }, tasks(12));
    const cut = 31;
    expect(log[cut].taskId).toBe(log[cut - 1].taskId);
    expect(await importTeamFiles(db, [file(log.slice(0, cut), 'hal.ndjson')])).toMatchObject({ ok: true });
    // 300 other people's tasks with ids among hal's (ULIDs of the same hours)…
    const others = buildLog({ actor: 'others' }, Array.from({ length: 300 }, (_, i) => unassisted(DAY + i * 3 * MIN)));
    const otherFacts = foldEvents(others, new Map(), 'others');
    expect(await importTeamFiles(db, [file(others, 'others.ndjson')])).toMatchObject({ ok: true });
    // …and a merged export whose first batch holds a new task older than all of them (zed's) and
    // hal's task that continues, in a block of hal's day among the others' blocks.
    const zed = buildLog({ actor: 'zed' }, [unassisted(DAY - 60 * MIN)]);
    expect(await importTeamFiles(db, [file([...zed, ...log], 'merged.ndjson')], { batchSize: 100 })).toMatchObject({ ok: true, added: zed.length + log.length - cut });
    // Tasks begun in hal's file keep its label; those begun in the merged file take that one.
    const expected = foldEvents(log.slice(cut), foldEvents(log.slice(0, cut), new Map(), 'hal'), 'merged');
    for (const [taskId, facts] of expected) expect(await taskFactsOf(db, taskId)).toEqual(facts);
    expect(await everyTaskFacts(db)).toHaveLength(expected.size + otherFacts.size + 1);
  });

  it('refuses an event whose seq is already held by a different event of the same install', async () => {
    const db = freshDb();
    const installId = ulid();
    const log = buildLog({ actor: 'ed', installId }, tasks(4));
    expect(await importTeamFiles(db, [file(log, 'ed.ndjson')])).toMatchObject({ ok: true });
    const other = buildLog({ actor: 'ed', installId }, tasks(2, DAY + 3 * MIN));
    const result = await importTeamFiles(db, [file(other, 'ed-fork.ndjson')]);
    expect(result).toEqual({ ok: false, error: `ed-fork.ndjson line 1: event ${other[0].id} has seq 0 of its install, which already holds event ${log[0].id}: the two logs disagree. Nothing was imported.` });
    expect((await stored(db)).events).toEqual(log);
  });

  it('a failed import leaves an earlier one exactly as it was, also where it had folded events into the earlier one’s tasks', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'fay' }, tasks(60));
    // The cut falls inside a task: the week's file continues tasks the Monday file started.
    const cut = 83;
    expect(log[cut].taskId).toBe(log[cut - 1].taskId);
    expect(await importTeamFiles(db, [file(log.slice(0, cut), 'fay-monday.ndjson')], { batchSize: 40 })).toMatchObject({ ok: true, added: cut });
    const before = { pages: await stored(db), tasks: await everyTaskFacts(db), cells: await cellsNow(db), keys: await db.pageLines.toCollection().primaryKeys() };

    const lines = toNdjson(log).split('\n');
    lines[log.length - 1] = lines[log.length - 1].replace('"task.submitted"', '"task.sent"');
    const result = await importTeamFiles(db, [new File([lines.join('\n')], 'fay-week.ndjson')], { batchSize: 20, maxHeldTaskBlocks: 2, tasksPerBlock: 2 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^fay-week\\.ndjson line ${log.length}: type `)) });
    expect(await stored(db)).toEqual(before.pages);
    expect(await db.pageLines.toCollection().primaryKeys()).toEqual(before.keys);
    expect(await everyTaskFacts(db)).toEqual(before.tasks);
    expect(await cellsNow(db)).toEqual(before.cells);

    // Removing the week's label (once imported) takes its events out of the Monday file's tasks too.
    expect(await importTeamFiles(db, [file(log, 'fay-week.ndjson')], { batchSize: 20, maxHeldTaskBlocks: 2, tasksPerBlock: 2 })).toMatchObject({ ok: true, added: log.length - cut });
    expect(await removeSource(db, 'fay-week')).toBe(log.length - cut);
    expect(await everyTaskFacts(db)).toEqual(before.tasks);
    expect(await cellsNow(db)).toEqual(before.cells);
  });

  it('a hash checked from the canonical line catches a change the line hides nowhere else', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'gus' }, tasks(3));
    const forged = { ...log[4], actorRole: 'lead' };
    const result = await importTeamFiles(db, [file([...log.slice(0, 4), forged, ...log.slice(5)], 'gus.ndjson')]);
    expect(result).toEqual({ ok: false, error: `gus.ndjson line 5: event ${forged.id} was changed after it was recorded (its hash does not match). Nothing was imported.` });
    // …and a correctly re-hashed copy passes the hash check but not the link to the next event.
    const rehashed = { ...forged, hash: eventHash(forged) };
    const again = await importTeamFiles(db, [file([...log.slice(0, 4), rehashed, ...log.slice(5)], 'gus.ndjson')]);
    expect(again).toEqual({ ok: false, error: `gus.ndjson line 6: event ${log[5].id} does not link to the event before it in its install's chain. Nothing was imported.` });
    expect(await db.importedPages.count()).toBe(0);
  });
});
