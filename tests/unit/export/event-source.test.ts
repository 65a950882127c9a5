import { expect, it } from 'vitest';
import { eventBatches } from '../../../lib/export/event-source';
import { openDb } from '../../../lib/log/db';
import { buildLog, type TaskScript } from '../../support/log-builder';
import { storeLivePages } from '../../support/live-pages';

const task = (i: number): TaskScript => ({ start: Date.UTC(2026, 2, 2, 9 + i), steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 60, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 }] });

it('reads the log in chain order, install by install, a page at a time with several under way, and stops at the log as it was when it began', async () => {
  const a = buildLog({ installId: '01A0000000000000000000000A', actor: 'ana' }, [task(0), task(1), task(2)]);
  const b = buildLog({ installId: '01B0000000000000000000000B', actor: 'bo' }, [task(0), task(1)]);
  const db = openDb(`event-source-${Date.now()}`);
  await storeLivePages(db, [...b, ...a].reverse(), 4); // given out of order
  const batches: string[][] = [];
  for await (const batch of eventBatches(db, 2)) {
    batches.push(batch.events.map((e) => e.id));
    if (batches.length === 1) await storeLivePages(db, [{ ...a.at(-1)!, id: '01A0000000000000000000ZZZZ', seq: a.length }]); // recorded during the export
  }
  expect(batches.flat()).toEqual([...a, ...b].map((e) => e.id));
  expect([a.length, b.length]).toEqual([12, 8]); // four events per task
  expect(batches.map((x) => x.length)).toEqual([4, 4, 4, 4, 4]);
  db.close();
});
