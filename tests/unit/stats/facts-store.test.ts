import { expect, it } from 'vitest';
import { ulid } from 'ulid';
import { makeLog, scope } from '../helpers';
import { unpack } from '../../../lib/stats/packed-cells';

it('the recorder keeps each task’s rollup current in the same transaction as its events', async () => {
  const { log, factory, db } = makeLog();
  const taskId = ulid();
  const sc = scope({ taskId });
  await log.record(factory.make('task.opened', { holdout: false, contextFields: [] }, sc));
  expect(await db.tasks.get(taskId)).toMatchObject({ taskId, panelOpened: false, source: 'local', site: 'support.example.com' });
  await Promise.all([log.record(factory.make('panel.opened', { trigger: 'click' }, sc)), log.record(factory.make('task.abandoned', { reason: 'navigation', durationMs: 5 }, sc))]);
  expect(await db.tasks.get(taskId)).toMatchObject({ panelOpened: true, abandoned: true });
  expect(await db.tasks.count()).toBe(1);
  // …and the daily cell the dashboard reads follows: the old contribution out, the new one in.
  const cells = (await db.cellBlocks.toArray()).flatMap((b) => unpack(b.cells));
  expect(cells).toHaveLength(1);
  expect(cells[0].n).toMatchObject({ tasks: 1, panelTasks: 1, visiblePanelTasks: 1 });
});
