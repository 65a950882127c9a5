import { expect, it } from 'vitest';
import Dexie from 'dexie';
import { ulid } from 'ulid';
import { openDb } from '../../../lib/log/db';
import { foldEvents, type TaskFacts } from '../../../lib/stats/task-facts';
import { cellsOf, type Cell } from '../../../lib/stats/cells';
import { blocksOf } from '../../../lib/stats/cell-blocks';
import { unpack } from '../../../lib/stats/packed-cells';
import { taskBlockKey, taskBlockOf } from '../../../lib/stats/task-blocks';
import { buildLog, type TaskScript } from '../../support/log-builder';

const START = Date.parse('2026-03-02T09:00:00Z');
// Dismissed one suggestion, passed over the next, wrote the reply by hand.
const byHand = (start: number): TaskScript => ({
  start,
  steps: [
    { at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 9, type: 'dismissed', reason: 'tone', decisionMs: 4000 },
    { at: 12, type: 'shown' }, { at: 60, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 },
  ],
});
const sorted = (cells: Iterable<Cell>) => [...cells].sort((a, b) => a.key.localeCompare(b.key));

it('the v11 upgrade rebuilds every cell block from the local task rows and the imported task blocks', async () => {
  const name = `cells-v10-${ulid()}`;
  const local = [...foldEvents(buildLog({ actor: 'me' }, [byHand(START), byHand(START + 3_600_000)])).values()];
  const imported = [...foldEvents(buildLog({ actor: 'bo' }, [byHand(START), byHand(START + 86_400_000)]), new Map(), 'bo-week').values()];
  // Version 10's stored cells, as it counted them: stale in the slot that now counts overrides.
  const stale = sorted(cellsOf([...local, ...imported]).values()).map((c) => ({ ...c, n: { ...c.n, overridden: 99 } }));
  const old = new Dexie(name);
  old.version(10).stores({ tasks: 'taskId, day, source, [actor+day]', taskBlocks: 'key, source, toDay, fromDay', cellBlocks: 'key, day, source' });
  await old.table('tasks').bulkAdd(local);
  await old.table('taskBlocks').add(taskBlockOf(taskBlockKey('bo-week', 0), imported));
  await old.table('cellBlocks').bulkAdd([...blocksOf(stale), { ...blocksOf(stale)[0], key: 'gone\u00012026-01-01', source: 'gone', day: '2026-01-01' }]);
  old.close();

  const db = openDb(name);
  await db.open();
  const rebuilt = sorted((await db.cellBlocks.toArray()).flatMap((b) => unpack(b.cells)));
  expect(rebuilt).toEqual(sorted(cellsOf([...local, ...imported] as TaskFacts[]).values()));
  // Two suggestions per task, both overridden: the count is the suggestions', not 99 or three.
  expect(rebuilt.reduce((sum, c) => sum + c.n.overridden, 0)).toBe(8);
  expect(await db.cellBlocks.where('source').equals('gone').count()).toBe(0);
  db.close();
});
