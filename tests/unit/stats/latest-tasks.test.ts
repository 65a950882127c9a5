import { expect, it } from 'vitest';
import { ulid } from 'ulid';
import { openDb } from '../../../lib/log/db';
import { latestTasks } from '../../../lib/stats/latest-tasks';
import { TaskFactsFolder } from '../../../lib/stats/task-folder';
import { updateTaskFacts } from '../../../lib/stats/facts-store';
import { everyTaskFacts } from '../../../lib/stats/task-blocks';
import { matches, type StatsFilter } from '../../../lib/stats/filters';
import { buildLog, type TaskScript } from '../../support/log-builder';

const START = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const task = (start: number, workflow: TaskScript['workflow']): TaskScript => ({ start, workflow, steps: [{ at: 0, type: 'open' }, { at: 90, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }] });
/** n tasks `every` hours apart from `from`, the workflow alternating. */
const tasks = (n: number, from: number, every: number) => Array.from({ length: n }, (_, i) => task(START + from * HOUR + i * every * HOUR, i % 2 ? 'internal-note' : 'ticket-reply'));

it('the newest tasks of a view, local and imported, are those of a full scan, whatever the filter', async () => {
  const db = openDb(`latest-tasks-${ulid()}`);
  // Two imported people in blocks of four tasks (their days overlap: blocks end on the same days),
  // and the local log's own tasks among theirs; no two tasks open at the same moment.
  const folder = new TaskFactsFolder(db, { tasksPerBlock: 4 });
  await db.transaction('rw', [db.tasks, db.taskBlocks, db.taskDirectory, db.cellBlocks], async () => {
    await folder.fold(buildLog({ actor: 'ana' }, tasks(30, 0, 6)), 'ana');
    await folder.fold(buildLog({ actor: 'bo' }, tasks(30, 3.5, 5)), 'bo');
    await folder.flush();
    await updateTaskFacts(db, buildLog({ actor: 'me' }, tasks(12, 1.25, 11)));
  });
  const all = await everyTaskFacts(db);
  const scan = (filter: StatsFilter, limit: number) => all.filter((f) => matches(f, filter)).sort((a, b) => b.openedAt - a.openedAt).slice(0, limit);
  const period = { from: '2026-03-02', to: '2026-03-09' };
  const filters: StatsFilter[] = [
    period,
    { ...period, actor: 'bo' },
    { ...period, source: 'local' },
    { ...period, source: 'ana', workflow: 'internal-note' },
    { from: '2026-03-03', to: '2026-03-05' },
    { ...period, actor: 'nobody' },
  ];
  for (const filter of filters) {
    for (const limit of [1, 5, 13, 200]) expect((await latestTasks(db, filter, limit)).map((f) => f.taskId), JSON.stringify({ filter, limit })).toEqual(scan(filter, limit).map((f) => f.taskId));
  }
  // The scan is not trivially empty or tiny.
  expect(scan(period, 200).length).toBeGreaterThan(60);
});
