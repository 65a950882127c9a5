import { expect, it } from 'vitest';
import { ulid } from 'ulid';
import { makeLog, scope } from '../helpers';
import { sealOldEvents } from '../../../lib/log/sealer';
import { chainSlice, countEvents, taskEvents } from '../../../lib/log/event-store';
import { eventBatches } from '../../../lib/export/event-source';
import { runExport, type ExportFilter, type ExportFormat } from '../../../lib/export/exporter';
import { verifyExport } from '../../../lib/export/verify';
import { CHAIN_BASE_KEY, readChainHeads, type AxTraceDb } from '../../../lib/log/db';
import { inMemory, isLive, pageLines } from '../../../lib/log/pages';

async function liveEventCount(db: AxTraceDb): Promise<number> {
  return (await db.eventPages.toArray()).filter(isLive).reduce((n, h) => n + h.count, 0);
}

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');

/** Records `n` panel.opened events per task, one task per entry, at the given times. */
async function recordTasks(env: ReturnType<typeof makeLog>, times: number[], perTask = 4) {
  const tasks: string[] = [];
  for (const t of times) {
    const s = scope({ taskId: ulid(t) });
    tasks.push(s.taskId!);
    for (let i = 0; i < perTask; i++) await env.log.record(env.factory.make('panel.opened', { trigger: 'click' }, s, { ts: t + i, tzOffsetMin: 0 }));
  }
  return tasks;
}

async function exportText(db: AxTraceDb, format: ExportFormat, filter: ExportFilter = {}) {
  let text = '';
  const manifest = await runExport({
    format, fileName: `log.${format}`, filter, total: await countEvents(db), chainHeads: await readChainHeads(db), batches: eventBatches(db, 3),
    config: { configHash: 'c'.repeat(64), thresholds: { accepted: 0.9, edited: 0.3 }, captureLevel: 'metadata' },
    write: (chunk) => void (text += chunk),
  });
  return { text, manifest };
}

it('seals full pages past the horizon in chain order; every reader of the log sees exactly the same log afterwards', async () => {
  const env = makeLog();
  const { db, log, installId } = env;
  // 6 old tasks of 4 events (seq 0–23), then 2 of today (seq 24–31).
  const tasks = await recordTasks(env, [...[10, 9, 8, 7, 6, 5].map((d) => NOW - d * DAY), NOW - 3000, NOW - 2000]);
  const before = {
    list: await log.list({ limit: 1000 }),
    tasks: await Promise.all(tasks.map((t) => taskEvents(db, t))),
    ndjson: await exportText(db, 'ndjson'),
    csv: await exportText(db, 'csv'),
    slice: await chainSlice(db, installId, 5, 12),
    // From day 8 on: cuts through the first page (its leaf hashes are picked, not recomputed).
    filtered: await exportText(db, 'ndjson', { from: NOW - 8 * DAY }),
  };
  expect(before.list).toHaveLength(32);

  expect(await sealOldEvents(db, { now: NOW, pageSize: 10 })).toBe(2); // seq 0–9 and 10–19; 20–29 holds today's events
  expect(await liveEventCount(db)).toBe(12);
  expect((await db.eventPages.toArray()).filter((h) => !isLive(h)).map((h) => [h.fromSeq, h.toSeq, h.count])).toEqual([[0, 9, 10], [10, 19, 10]]);
  expect(await db.pageLines.count()).toBe(await db.eventPages.count());
  expect(await sealOldEvents(db, { now: NOW, pageSize: 10 })).toBe(0);

  expect(await countEvents(db)).toBe(32);
  expect(await log.list({ limit: 1000 })).toEqual(before.list);
  expect(await Promise.all(tasks.map((t) => taskEvents(db, t)))).toEqual(before.tasks); // task 2 spans both pages' boundary (seq 8–11)
  expect(await chainSlice(db, installId, 5, 12)).toEqual(before.slice);
  // As the collector reads: across the last sealed page into the live ones, and from the live ones on.
  expect((await chainSlice(db, installId, 18, 5)).map((e) => e.seq)).toEqual([18, 19, 20, 21, 22]);
  expect((await chainSlice(db, installId, 25, 100)).map((e) => e.seq)).toEqual([25, 26, 27, 28, 29, 30, 31]);
  for (const format of ['ndjson', 'csv'] as const) {
    const after = await exportText(db, format);
    expect(after.text).toBe(before[format].text);
    expect(after.manifest.merkleRoot).toBe(before[format].manifest.merkleRoot);
    expect(after.manifest.counts.events).toBe(32);
  }
  const filtered = await exportText(db, 'ndjson', { from: NOW - 8 * DAY });
  expect(filtered.manifest.counts.events).toBe(24);
  expect(filtered.manifest.merkleRoot).toBe(before.filtered.manifest.merkleRoot);
  expect(filtered.text).toBe(before.filtered.text);
  expect(await db.pageLines.get((await db.eventPages.toArray())[0].key)).toMatchObject({ leafHashes: expect.any(Uint8Array) });
  const ndjson = await exportText(db, 'ndjson');
  expect(await verifyExport(ndjson.text, ndjson.manifest)).toMatchObject({ ok: true });
  expect(await log.verify()).toEqual({ ok: true, installs: 1, events: 32 });

  // Recording goes on after the pages; the chain still verifies across them.
  await recordTasks(env, [NOW - 1000], 2);
  expect(await log.verify()).toEqual({ ok: true, installs: 1, events: 34 });
});

it('a page is not sealed while any of its events is within the horizon', async () => {
  const env = makeLog();
  await recordTasks(env, [NOW - 5 * DAY, NOW - DAY], 5); // seq 0–4 old, 5–9 one day old
  expect(await sealOldEvents(env.db, { now: NOW, pageSize: 10 })).toBe(0);
  expect(await sealOldEvents(env.db, { now: NOW + 2 * DAY, pageSize: 10 })).toBe(1);
  expect(await liveEventCount(env.db)).toBe(0);
});

it('a live page cut by the end of a sealed one stays live with the events after the cut, a resend of them still turned away', async () => {
  const env = makeLog();
  const { db, recorder, factory, installId } = env;
  const s = scope({ taskId: ulid(NOW - 5 * DAY) });
  const make = (i: number) => factory.make('panel.opened', { trigger: 'click' }, s, { ts: NOW - 5 * DAY + i, tzOffsetMin: 0 });
  await recorder.append(make(0));
  await Promise.all(Array.from({ length: 14 }, (_, i) => recorder.append(make(i + 1)))); // one live page of seq 1–14
  const events = await chainSlice(db, installId, 0, 100);
  expect(await sealOldEvents(db, { now: NOW, pageSize: 10 })).toBe(1);
  const heads = await db.eventPages.toArray();
  expect(heads.map((h) => [h.fromSeq, h.toSeq, isLive(h)])).toEqual([[0, 9, false], [10, 14, true]]);
  expect(heads[1].ids).toEqual(events.slice(10).map((e) => e.id));
  expect(await chainSlice(db, installId, 0, 100)).toEqual(events);
  expect(await recorder.append({ ...events[12] })).toEqual({ id: events[12].id, seq: 12, duplicate: true });
  expect(await env.log.verify()).toEqual({ ok: true, installs: 1, events: 15 });
});

it('a recent event in the middle of a page keeps it live, even when the page ends with old ones (client times need not follow seq)', async () => {
  const env = makeLog();
  await recordTasks(env, [NOW - 5 * DAY], 4); // seq 0–3
  await recordTasks(env, [NOW - 1000], 1); // seq 4: recorded just now
  await recordTasks(env, [NOW - 4 * DAY], 5); // seq 5–9: sent late by a tab that held them
  expect(await sealOldEvents(env.db, { now: NOW, pageSize: 10 })).toBe(0);
  expect(await liveEventCount(env.db)).toBe(10);
  expect(await sealOldEvents(env.db, { now: NOW + 2 * DAY, pageSize: 10 })).toBe(1);
});

it('a sealed event changed in its page is named by verify', async () => {
  const env = makeLog();
  await recordTasks(env, [NOW - 9 * DAY, NOW - 8 * DAY, NOW - 7 * DAY], 4);
  expect(await sealOldEvents(env.db, { now: NOW, pageSize: 6 })).toBe(2);
  const [head] = (await env.db.eventPages.toArray()).filter((h) => !isLive(h));
  const body = (await env.db.pageLines.get(head.key))!;
  const lines = pageLines(inMemory(body));
  lines[3] = lines[3].replace('"trigger":"click"', '"trigger":"shortcut"');
  await env.db.pageLines.put({ key: head.key, lines: lines.join('\n') });
  expect(await env.log.verify()).toMatchObject({ ok: false, problem: { kind: 'hash', seq: 3 } });
});

it('retention purges whole sealed pages and cuts the page the cutoff falls in; the chain starts after the last purged event', async () => {
  const env = makeLog({ retentionDays: 30 });
  const { db, log, installId } = env;
  // seq 0–14 at 45 days, 15–24 at 20 days: pages 0–9 (all old) and 10–19 (5 old, 5 kept), live pages 20–24.
  await recordTasks(env, [NOW - 45 * DAY, NOW - 44 * DAY, NOW - 43 * DAY], 5);
  await recordTasks(env, [NOW - 20 * DAY, NOW - 19 * DAY], 5);
  expect(await sealOldEvents(db, { now: NOW, pageSize: 10 })).toBe(2);

  expect(await log.purgeOlderThan(30, NOW)).toBe(15);
  expect((await db.eventPages.toArray()).filter((h) => !isLive(h)).map((h) => [h.fromSeq, h.toSeq, h.count])).toEqual([[15, 19, 5]]);
  expect(await db.pageLines.count()).toBe(await db.eventPages.count());
  expect((await db.meta.get(`${CHAIN_BASE_KEY}:${installId}`))?.value).toMatchObject({ seq: 14 });
  expect(await countEvents(db)).toBe(11); // 10 kept and the purge's own chain.checkpoint
  expect(await log.verify()).toEqual({ ok: true, installs: 1, events: 11 });
  expect(await log.purgeOlderThan(30, NOW)).toBe(0);
});
