import { expect, it } from 'vitest';
import { ulid } from 'ulid';
import { makeLog, scope } from '../helpers';

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
  const left = await db.events.toArray();
  expect(left.filter((e) => e.type === 'panel.opened')).toHaveLength(2);
  expect(left.find((e) => e.type === 'chain.checkpoint')).toMatchObject({ headSeq: 2 });
  expect(await db.tasks.count()).toBe(1);
  expect(await log.verify()).toMatchObject({ ok: true, events: 3 });
  expect(await log.purgeOlderThan(30, now)).toBe(0); // nothing more to purge
  expect(await log.purgeOlderThan(0, now)).toBe(0); // 0 keeps everything
});
