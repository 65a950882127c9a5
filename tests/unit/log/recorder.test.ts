import { describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { verifyChainSegment } from '../../../lib/log/chain';
import { Recorder } from '../../../lib/log/recorder';
import { openDb, readChainHead, type AxTraceDb } from '../../../lib/log/db';
import { chainBatches } from '../../../lib/log/event-store';
import { foldEvents } from '../../../lib/stats/task-facts';
import { cellsOf } from '../../../lib/stats/cells';
import { unpack } from '../../../lib/stats/packed-cells';
import { ulid } from 'ulid';
import type { AxEvent } from '../../../lib/log/schema';
import { makeLog, scope } from '../helpers';

async function stored(db: AxTraceDb, installId: string): Promise<AxEvent[]> {
  const out: AxEvent[] = [];
  for await (const batch of chainBatches(db, [{ installId, first: 0, last: Number.MAX_SAFE_INTEGER }])) out.push(...batch.events);
  return out;
}

describe('Recorder', () => {
  it('assigns consecutive seq numbers and a valid chain', async () => {
    const { db, factory, recorder, installId } = makeLog();
    for (let i = 0; i < 5; i++) {
      const r = await recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()));
      expect(r).toMatchObject({ seq: i, duplicate: false });
    }
    const events = await stored(db, installId);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(verifyChainSegment(events).ok).toBe(true);
    expect(await readChainHead(db, installId)).toEqual({ seq: 4, hash: events[4].hash });
  });

  it('group-commits a burst in few transactions', async () => {
    const { db, factory, recorder, installId } = makeLog();
    const spy = vi.spyOn(db, 'transaction');
    const results = await Promise.all(Array.from({ length: 1000 }, () => recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()))));
    expect(new Set(results.map((r) => r.seq)).size).toBe(1000);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(4); // 1 for the first event, then batches of ≤ 500
    const pages = await db.eventPages.toArray();
    expect(pages.length).toBe(spy.mock.calls.length); // a live page per transaction
    expect(pages.map((p) => p.count).reduce((a, b) => a + b)).toBe(1000);
    expect(pages.every((p) => p.ids?.length === p.count)).toBe(true);
    const events = await stored(db, installId);
    expect(events).toHaveLength(1000);
    expect(verifyChainSegment(events).ok).toBe(true);
  });

  it('stores a retried event once and answers with its original seq', async () => {
    const { db, factory, recorder, installId } = makeLog();
    const event = factory.make('panel.opened', { trigger: 'click' }, scope());
    const first = await recorder.append(event);
    const again = await recorder.append({ ...event });
    expect(again).toEqual({ id: event.id, seq: first.seq, duplicate: true });
    expect(await stored(db, installId)).toHaveLength(1);
  });

  it('looks up no ids while nothing is resent', async () => {
    const { db, factory, recorder } = makeLog();
    const lookups = vi.spyOn(db.eventPages, 'where');
    await Promise.all(Array.from({ length: 50 }, () => recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()))));
    expect(lookups).not.toHaveBeenCalled();
    await recorder.append((await stored(db, factory.installId))[3]); // a resend is looked up
    expect(lookups).toHaveBeenCalledWith('ids');
  });

  it('stores a batch once whose resent events sit among new ones, each resent one at its first seq', async () => {
    const { db, factory, recorder, installId } = makeLog();
    const resent = [0, 1].map(() => factory.make('panel.opened', { trigger: 'click' }, scope()));
    const firsts = await Promise.all(resent.map((e) => recorder.append(e)));
    const fresh = [0, 1, 2].map(() => factory.make('panel.closed', { openMs: 5 }, scope()));
    // Queued together behind a write in progress, so they share one transaction.
    const busy = recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()));
    const mixed = await Promise.all([fresh[0], { ...resent[1] }, fresh[1], { ...resent[0] }, fresh[2]].map((e) => recorder.append(e)));
    await busy;
    expect(mixed.map((r) => r.duplicate)).toEqual([false, true, false, true, false]);
    expect(mixed[1].seq).toBe(firsts[1].seq);
    expect(mixed[3].seq).toBe(firsts[0].seq);
    const events = await stored(db, installId);
    expect(events).toHaveLength(6);
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
    expect(verifyChainSegment(events).ok).toBe(true);
    expect(await readChainHead(db, installId)).toEqual({ seq: 5, hash: events[5].hash });
  });

  it('rejects an invalid batch as a whole, leaving the chain as it was', async () => {
    const { db, factory, recorder, installId } = makeLog();
    // The first append occupies the writer, so the next two queue up and share a transaction.
    const first = recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()));
    const good = factory.make('panel.opened', { trigger: 'click' }, scope());
    const bad = { ...factory.make('panel.opened', { trigger: 'click' }, scope()), trigger: 'telepathy' };
    const results = await Promise.allSettled([first, recorder.append(good), recorder.append(bad)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const events = await stored(db, installId);
    expect(events).toHaveLength(1);
    expect(await readChainHead(db, installId)).toEqual({ seq: 0, hash: events[0].hash });
    expect(await recorder.append(good)).toMatchObject({ seq: 1, duplicate: false });
    expect(verifyChainSegment(await stored(db, installId)).ok).toBe(true);
  });

  it('continues the chain from the stored head after a restart', async () => {
    const { db, factory, recorder, installId } = makeLog();
    await recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()));
    const restarted = new Recorder(db, installId);
    expect(await restarted.append(factory.make('panel.closed', { openMs: 10 }, scope()))).toMatchObject({ seq: 1 });
    expect(verifyChainSegment(await stored(db, installId)).ok).toBe(true);
  });

  it('keeps the task rows and daily cells equal to a fold of the log, reading a day\'s cells once per transaction', async () => {
    const { db, factory, recorder, installId } = makeLog();
    const reads = vi.spyOn(db.cellBlocks, 'bulkGet');
    const yesterday = Date.now() - 86_400_000;
    const opened = scope({ taskId: ulid(yesterday) });
    await recorder.append(factory.make('task.opened', { holdout: false, contextFields: [] }, opened, { ts: yesterday, tzOffsetMin: 0 }));
    for (let i = 0; i < 3; i++) await recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope(), { ts: Date.now(), tzOffsetMin: 0 }));
    // A task begun yesterday and answered today: its cell is yesterday's, which is read as well.
    await recorder.append(factory.make('panel.opened', { trigger: 'click' }, opened, { ts: Date.now(), tzOffsetMin: 0 }));
    expect(reads.mock.calls.filter(([keys]) => keys.length > 0)).toHaveLength(6);
    const folded = foldEvents(await stored(db, installId));
    expect(await db.tasks.orderBy('taskId').toArray()).toEqual([...folded.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)));
    const cells = (await db.cellBlocks.orderBy('key').toArray()).flatMap((b) => unpack(b.cells));
    expect(cells.sort((a, b) => a.key.localeCompare(b.key))).toEqual([...cellsOf(folded.values()).values()].sort((a, b) => a.key.localeCompare(b.key)));
  });

  it('the v12 upgrade moves the live rows into live pages: the same events, and a resent one still turned away', async () => {
    const { factory, recorder, db, installId } = makeLog();
    for (let i = 0; i < 7; i++) await recorder.append(factory.make('panel.opened', { trigger: 'click' }, scope()));
    const events = await stored(db, installId);
    const name = `recorder-v11-${Date.now()}`;
    // Version 11's tables as lib/log/db.ts declared them, with the events as rows.
    const old = new Dexie(name);
    old.version(11).stores({ events: 'id, [installId+seq], ts, taskId', meta: 'key', eventPages: 'key, [installId+fromSeq], [installId+toSeq], toTs, *taskIds', pageLines: 'key' });
    await old.table('events').bulkAdd([...events].reverse());
    await old.table('meta').put({ key: `chainHead:${installId}`, value: await readChainHead(db, installId) });
    old.close();
    const upgraded = openDb(name);
    await upgraded.open();
    expect(upgraded.verno).toBe(12);
    expect(upgraded.tables.map((t) => t.name)).not.toContain('events');
    expect(await stored(upgraded, installId)).toEqual(events);
    expect((await upgraded.eventPages.toArray()).map((h) => h.ids)).toEqual([events.map((e) => e.id)]);
    const restarted = new Recorder(upgraded, installId);
    expect(await restarted.append({ ...events[2] })).toEqual({ id: events[2].id, seq: 2, duplicate: true });
    expect(await restarted.append(factory.make('panel.closed', { openMs: 3 }, scope()))).toMatchObject({ seq: 7, duplicate: false });
    expect(verifyChainSegment(await stored(upgraded, installId)).ok).toBe(true);
    upgraded.close();
  });
});
