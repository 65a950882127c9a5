import { expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDb } from '../../../lib/log/db';
import { allChainBatches } from '../../../lib/log/event-store';
import { buildLog, type TaskScript } from '../../support/log-builder';

const task = (i: number): TaskScript => ({ start: Date.UTC(2026, 2, 2, 9, i), steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 60, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 }] });

it('the v12 upgrade makes live pages of each install’s rows in seq order: a page per 500, and a new one at a gap or another install', async () => {
  const a = buildLog({ installId: '01A0000000000000000000000A', actor: 'ana' }, Array.from({ length: 300 }, (_, i) => task(i))); // 1,200 events
  const b = buildLog({ installId: '01B0000000000000000000000B', actor: 'bo' }, [task(0), task(1), task(2)]).filter((e) => e.seq !== 5); // a gap at seq 5
  const name = `live-pages-migration-${Date.now()}`;
  const old = new Dexie(name);
  old.version(11).stores({ events: 'id, [installId+seq], ts, taskId', meta: 'key', eventPages: 'key, [installId+fromSeq], [installId+toSeq], toTs, *taskIds', pageLines: 'key' });
  await old.table('events').bulkAdd([...b, ...a].reverse());
  old.close();

  const db = openDb(name);
  const heads = await db.eventPages.orderBy('key').toArray();
  expect(heads.map((h) => [h.installId.slice(0, 3), h.fromSeq, h.toSeq])).toEqual([['01A', 0, 499], ['01A', 500, 999], ['01A', 1000, 1199], ['01B', 0, 4], ['01B', 6, 11]]);
  expect(heads.every((h) => h.ids?.length === h.count)).toBe(true);
  const events = [];
  for await (const batch of allChainBatches(db)) events.push(...batch.events);
  expect(events).toEqual([...a, ...b]);
  expect(db.tables.map((t) => t.name)).not.toContain('events');
  db.close();
});
