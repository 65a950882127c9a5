import { expect, it } from 'vitest';
import { ulid } from 'ulid';
import { makeLog, scope } from '../helpers';
import { buildLog, type Step } from '../../support/log-builder';
import { expectDirectoryMatchesBlocks } from '../../support/task-directory';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { everyTaskFacts } from '../../../lib/stats/task-blocks';
import { importedPageKey, pageLines } from '../../../lib/log/pages';
import { readBodies } from '../../../lib/log/pages';
import { storedEvents } from '../../support/live-pages';

it('retention purges old events and their rollups, logs the purge, and the chain still verifies', async () => {
  const { log, factory, db } = makeLog({ retentionDays: 30 });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const old = now - 45 * 86_400_000;
  const oldTask = scope({ taskId: ulid(old) });
  const newTask = scope({ taskId: ulid(now) });
  for (let i = 0; i < 3; i++) await log.record(factory.make('panel.opened', { trigger: 'click' }, oldTask, { ts: old + i, tzOffsetMin: 0 }));
  for (let i = 0; i < 2; i++) await log.record(factory.make('panel.opened', { trigger: 'click' }, newTask, { ts: now - 1000 + i, tzOffsetMin: 0 }));
  expect(await db.tasks.count()).toBe(2);

  expect(await log.purgeOlderThan(30, now)).toBe(3);
  const left = await storedEvents(db);
  expect(left.filter((e) => e.type === 'panel.opened')).toHaveLength(2);
  expect(left.find((e) => e.type === 'chain.checkpoint')).toMatchObject({ headSeq: 2 });
  expect(await db.tasks.count()).toBe(1);
  expect(await log.verify()).toMatchObject({ ok: true, events: 3 });
  expect(await log.purgeOlderThan(30, now)).toBe(0); // nothing more to purge
  expect(await log.purgeOlderThan(0, now)).toBe(0); // 0 keeps everything
});

it('retention deletes an imported task block whose tasks all began before the cutoff, with its directory entry', async () => {
  const { log, db } = makeLog({ retentionDays: 30 });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const sent: Step[] = [{ at: 0, type: 'open' }, { at: 60, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }];
  const team = buildLog({ actor: 'bo' }, [50, 40, 10].map((d) => ({ start: now - d * 86_400_000, steps: sent })));
  // A block per task: the first two go whole.
  expect(await importTeamFiles(db, [new File([team.map((e) => canonicalEventJson(e)).join('\n')], 'bo.ndjson')], { tasksPerBlock: 1 })).toMatchObject({ ok: true });
  expect(await db.taskDirectory.count()).toBe(3);
  await log.purgeOlderThan(30, now);
  expect(await db.taskBlocks.count()).toBe(1);
  await expectDirectoryMatchesBlocks(db);
});

it('retention purges imported team data older than the cutoff too: pages from the cutoff on, tasks begun before it, their cells', async () => {
  const { log, db } = makeLog({ retentionDays: 30 });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const dayMs = 86_400_000;
  const sent: Step[] = [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }];
  // One person’s tasks (five events each) 50, 40, 10 and 1 days ago: the first two are past 30 days.
  const starts = [50, 40, 10, 1].map((d) => now - d * dayMs);
  const team = buildLog({ actor: 'ana' }, starts.map((start) => ({ start, steps: sent })));
  const file = new File([team.map((e) => canonicalEventJson(e)).join('\n')], 'ana.ndjson');
  // Pages of 6 events (the cutoff falls inside the second page); blocks of 3 tasks (the first straddles it).
  expect(await importTeamFiles(db, [file], { batchSize: 6, tasksPerBlock: 3 })).toMatchObject({ ok: true, added: 20 });
  const cutoff = now - 30 * dayMs;
  const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

  await log.purgeOlderThan(30, now);

  const heads = await db.importedPages.orderBy('key').toArray();
  const lines = (await readBodies(db, heads.map((h) => h.key))).flatMap((b) => pageLines(b!));
  expect(lines).toEqual(team.filter((e) => e.ts >= cutoff).map((e) => canonicalEventJson(e)));
  // The rewritten page starts at its first kept event, as a page written by the import would.
  expect(heads.map((h) => [h.fromSeq, h.count, h.importSource])).toEqual([[10, 2, 'ana'], [12, 6, 'ana'], [18, 2, 'ana']]);
  expect(heads[0].key).toBe(importedPageKey(heads[0].importId, team[0].installId, 10));
  const tasks = await everyTaskFacts(db);
  expect(tasks.map((t) => t.day).sort()).toEqual([day(starts[2]), day(starts[3])]);
  expect((await db.taskBlocks.toArray()).every((b) => b.fromDay >= day(cutoff))).toBe(true);
  await expectDirectoryMatchesBlocks(db);
  expect((await db.cellBlocks.toArray()).every((c) => c.day >= day(cutoff))).toBe(true);
  expect(await db.cellBlocks.count()).toBeGreaterThan(0);
  // Nothing more to purge.
  await log.purgeOlderThan(30, now);
  expect(await db.importedPages.count()).toBe(3);
});

it('an import leaves out what retention would purge: events before the period are checked, not stored', async () => {
  const { db } = makeLog({ retentionDays: 30 });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const keepFrom = now - 30 * 86_400_000;
  const sent: Step[] = [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }];
  const team = buildLog({ actor: 'bo' }, [40, 35, 10].map((d) => ({ start: now - d * 86_400_000, steps: sent })));
  const lines = team.map((e) => canonicalEventJson(e));
  expect(await importTeamFiles(db, [new File([lines.join('\n')], 'bo.ndjson')], { keepFrom })).toEqual({ ok: true, added: 5, duplicates: 0, expired: 10, sources: ['bo'] });
  const stored = (await readBodies(db, await db.importedPages.orderBy('key').primaryKeys())).flatMap((b) => pageLines(b!));
  expect(stored).toEqual(lines.slice(10));
  expect((await everyTaskFacts(db)).map((t) => t.openedAt)).toEqual([team[10].ts]);
  // The old events are still checked: a changed one refuses the file.
  const changed = [...lines];
  changed[4] = changed[4].replace('"outcome":"accepted"', '"outcome":"edited"');
  const refused = await importTeamFiles(db, [new File([changed.join('\n')], 'bo.ndjson')], { keepFrom });
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error).toMatch(/^bo\.ndjson line 5: .*hash does not match/);
});

it('retention cuts an imported page stored as its file’s slice (a Blob, read before the purge’s transaction)', async () => {
  const { log, db } = makeLog({ retentionDays: 30 });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const dayMs = 86_400_000;
  const sent: Step[] = [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }];
  const team = buildLog({ actor: 'ana' }, [50, 40, 10, 1].map((d) => ({ start: now - d * dayMs, steps: sent })));
  // Canonical lines, one chunk: a run, its one page's body the file's slice.
  const file = new File([team.map((e) => canonicalEventJson(e) + '\n').join('')], 'ana.ndjson');
  expect(await importTeamFiles(db, [file], { batchSize: 20 })).toMatchObject({ ok: true, added: 20 });
  const cutoff = now - 30 * dayMs;
  const straddling = (await db.importedPages.toArray()).filter((h) => h.fromTs < cutoff && h.toTs >= cutoff);
  expect(straddling).toHaveLength(1);
  expect((await db.pageLines.get(straddling[0].key))!.lines).toBeInstanceOf(Blob);

  await log.purgeOlderThan(30, now);

  const heads = await db.importedPages.orderBy('key').toArray();
  const lines = (await readBodies(db, heads.map((h) => h.key))).flatMap((b) => pageLines(b!));
  expect(lines).toEqual(team.filter((e) => e.ts >= cutoff).map((e) => canonicalEventJson(e)));
  expect(heads[0].fromSeq).toBe(team.findIndex((e) => e.ts >= cutoff));
});

it('retention cuts a live page the cutoff falls in; what stays is still live, and a resend of it is still turned away', async () => {
  const { log, factory, db, recorder } = makeLog({ retentionDays: 30 });
  const now = Date.parse('2026-06-01T12:00:00Z');
  const task = scope({ taskId: ulid(now) });
  const at = (ts: number) => factory.make('panel.opened', { trigger: 'click' }, task, { ts, tzOffsetMin: 0 });
  await recorder.append(at(now - 50 * 86_400_000));
  // Queued behind the first write, so they share one live page: two old events, then two kept.
  const [, ...rest] = await Promise.all([recorder.append(at(now - 50 * 86_400_000)), ...[-40, -40, -1, -1].map((d) => recorder.append(at(now + d * 86_400_000)))]);
  expect(rest.map((r) => r.seq)).toEqual([2, 3, 4, 5]);
  const kept = (await storedEvents(db)).slice(4);

  expect(await log.purgeOlderThan(30, now)).toBe(4);
  const heads = await db.eventPages.orderBy('[installId+fromSeq]').toArray();
  expect(heads[0]).toMatchObject({ fromSeq: 4, toSeq: 5, ids: kept.map((e) => e.id) });
  expect(await recorder.append({ ...kept[1] })).toEqual({ id: kept[1].id, seq: 5, duplicate: true });
  expect(await log.verify()).toMatchObject({ ok: true, events: 3 }); // the two kept and the purge's checkpoint
});
