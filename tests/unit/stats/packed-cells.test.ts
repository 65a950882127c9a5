import { expect, it } from 'vitest';
import Dexie from 'dexie';
import { ulid } from 'ulid';
import { cellsOf } from '../../../lib/stats/cells';
import { concat, pack, unpack } from '../../../lib/stats/packed-cells';
import { metricsFromCells, metricsOf } from '../../../lib/stats/cell-metrics';
import { selectRows } from '../../../lib/stats/cell-query';
import { blocksOf } from '../../../lib/stats/cell-blocks';
import { trendByDay } from '../../../lib/stats/breakdowns';
import { openDb } from '../../../lib/log/db';
import { foldEvents, type TaskFacts } from '../../../lib/stats/task-facts';
import type { AxEvent } from '../../../lib/log/schema';
import { makeLog, scope } from '../helpers';

const FILTER = { from: '2020-01-01', to: '2099-12-31' };

/** A few recorded tasks of two people over two days, as the recorder leaves them. */
async function recordedFacts(): Promise<TaskFacts[]> {
  const { log, factory, db } = makeLog();
  const day = (d: number, s = 0) => ({ ts: Date.parse(`2026-03-0${d}T10:00:00Z`) + s * 1000, tzOffsetMin: 0 });
  for (const [d, who] of [[2, 'ana'], [2, 'bo'], [3, 'ana']] as const) {
    const sc = scope({ taskId: ulid() });
    const sid = ulid();
    const shown = { provider: 'playbook', model: 'm', promptId: 'p', promptVersion: '1' };
    await log.record({ ...factory.make('task.opened', { holdout: false, contextFields: [] }, sc, day(d)), actor: who });
    await log.record({ ...factory.make('suggestion.shown', { ...shown, promptHash: null, contextFields: [], latencyMs: 700 + d, firstTokenMs: 200, outputChars: 90, outputHash: 'a'.repeat(64), maskedCount: 0 }, { ...sc, suggestionId: sid }, day(d, 2)), actor: who });
    await log.record({ ...factory.make('suggestion.dismissed', { reason: d === 2 ? 'too_long' : 'tone', decisionMs: 4000 }, { ...sc, suggestionId: sid }, day(d, 6)), actor: who });
  }
  return db.tasks.toArray();
}

it('packing keeps every cell exactly: unpack(pack(cells)) gives them back, and the figures are the same', async () => {
  const facts = await recordedFacts();
  const cells = [...cellsOf(facts).values()];
  expect(cells.length).toBe(3);
  const packed = pack(cells);
  expect(unpack(packed)).toEqual(cells);
  expect(metricsOf(packed, selectRows(packed, FILTER), FILTER)).toEqual(metricsFromCells(cells, FILTER));
  expect(metricsOf(packed, selectRows(packed, FILTER), FILTER).dismissReasons).toEqual({ too_long: 2, tone: 1 });
});

it('concatenated blocks (what the stats worker holds) give the same figures and trend as the cells', async () => {
  const facts = await recordedFacts();
  const cells = [...cellsOf(facts).values()];
  const blocks = blocksOf(cells);
  expect(blocks.map((b) => b.day).sort()).toEqual(['2026-03-02', '2026-03-03']);
  const joined = concat(blocks.map((b) => b.cells));
  const period = { from: '2026-03-02', to: '2026-03-03' };
  expect(metricsOf(joined, selectRows(joined, period), period)).toEqual(metricsFromCells(cells, period));
  expect(trendByDay(joined, period).map((p) => p.tasks)).toEqual([2, 1]);
  const ana = { ...period, actor: 'ana' };
  expect(metricsOf(joined, selectRows(joined, ana), ana).tasks).toBe(2);
  expect(selectRows(joined, { ...period, actor: 'nobody' }).length).toBe(0);
});

it('the recorder keeps one block per source and day, equal to a rebuild from the task rollups', async () => {
  const { log, factory, db } = makeLog();
  const t1 = scope({ taskId: ulid() });
  await log.record(factory.make('task.opened', { holdout: false, contextFields: [] }, t1));
  await log.record(factory.make('panel.opened', { trigger: 'click' }, t1));
  await log.record(factory.make('task.opened', { holdout: false, contextFields: [] }, scope({ taskId: ulid() })));
  const blocks = await db.cellBlocks.toArray();
  expect(blocks).toHaveLength(1);
  const stored = unpack(blocks[0].cells);
  expect(stored).toEqual([...cellsOf(await db.tasks.toArray()).values()]);
  expect(stored.reduce((s, c) => s + c.n.tasks, 0)).toBe(2);
});

it('upgrading a version-3 database packs its rollups into blocks', async () => {
  const name = `axtrace-upgrade-${ulid()}`;
  const { factory } = makeLog();
  const sc = scope({ taskId: ulid() });
  const events = [factory.make('task.opened', { holdout: false, contextFields: [] }, sc), factory.make('panel.opened', { trigger: 'click' }, sc)];
  const facts = [...foldEvents(events as AxEvent[]).values()];
  const v3 = new Dexie(name);
  v3.version(3).stores({ events: 'id, [installId+seq], ts, taskId, type, suggestionId, [type+ts]', meta: 'key', tasks: 'taskId, day, source', imported: 'id, source, taskId, [installId+seq]', cells: 'key, day, source' });
  await v3.table('tasks').bulkPut(facts);
  await v3.table('cells').bulkPut([...cellsOf(facts.slice(0, 1)).values()]);
  v3.close();
  const db = openDb(name);
  const blocks = await db.cellBlocks.toArray();
  expect(blocks).toHaveLength(1);
  expect(unpack(blocks[0].cells)[0].n).toMatchObject({ tasks: 1, panelTasks: 1 });
  expect(db.tables.map((t) => t.name)).not.toContain('cells');
  db.close();
});
