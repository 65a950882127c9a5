import { describe, expect, it } from 'vitest';
import { openDb } from '../../../lib/log/db';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { importedSources, removeSource } from '../../../lib/stats/imported-sources';
import { computeMetrics } from '../../../lib/stats/metrics';
import { buildLog, toNdjson, type TaskScript } from '../../support/log-builder';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const task = (i: number, outcome: 'accepted' | 'unassisted'): TaskScript => ({
  start: DAY + i * 3_600_000,
  steps: outcome === 'accepted'
    ? [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome, retention: 1, aiShare: 1 }]
    : [{ at: 0, type: 'open' }, { at: 90, type: 'sent', outcome, retention: null, aiShare: 0 }],
});
let n = 0;
const freshDb = () => openDb(`import-test-${n++}`);

describe('importing team exports', () => {
  it('imports two overlapping files once, labelled by source, and can remove one again', async () => {
    const db = freshDb();
    const bo = buildLog({ actor: 'bo' }, [task(0, 'accepted'), task(1, 'unassisted'), task(2, 'accepted')]);
    const monday = bo.filter((e) => e.ts < DAY + 2 * 3_600_000); // tasks 0 and 1
    const result = await importTeamFiles(db, [
      { name: 'bo-monday.ndjson', text: toNdjson(monday) },
      { name: 'bo-week.ndjson', text: toNdjson(bo) },
    ]);
    expect(result).toEqual({ ok: true, added: bo.length, duplicates: monday.length, sources: ['bo-monday', 'bo-week'] });
    const facts = await db.tasks.toArray();
    expect(facts).toHaveLength(3);
    expect(computeMetrics(facts, { from: '2026-03-02', to: '2026-03-02' }).outcomes).toMatchObject({ accepted: 2, unassisted: 1 });
    expect(await importedSources(db)).toEqual([{ source: 'bo-monday', events: monday.length }, { source: 'bo-week', events: bo.length - monday.length }]);

    // Importing the same files again adds nothing.
    expect(await importTeamFiles(db, [{ name: 'bo-week.ndjson', text: toNdjson(bo) }])).toMatchObject({ ok: true, added: 0, duplicates: bo.length });

    await removeSource(db, 'bo-week');
    expect(await db.imported.count()).toBe(monday.length);
    expect(await db.tasks.count()).toBe(2);
  });

  it('a malformed line anywhere changes nothing and names the file and line', async () => {
    const db = freshDb();
    const good = buildLog({ actor: 'ana' }, [task(0, 'accepted')]);
    const broken = toNdjson(buildLog({ actor: 'cy' }, [task(1, 'unassisted')])).split('\n');
    broken[1] = broken[1].replace('"task.submitted"', '"task.sent"');
    const result = await importTeamFiles(db, [
      { name: 'ana.ndjson', text: toNdjson(good) },
      { name: 'cy.ndjson', text: broken.join('\n') },
    ]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^cy\.ndjson line 2: type /);
    expect(await db.imported.count()).toBe(0);
    expect(await db.tasks.count()).toBe(0);

    const notJson = await importTeamFiles(db, [{ name: 'x.ndjson', text: '{"id": 1\n' }]);
    expect(notJson).toEqual({ ok: false, error: 'x.ndjson line 1 is not JSON. Nothing was imported.' });
  });

  it('an event changed after it was recorded fails the chain check, naming the event', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'di' }, [task(0, 'accepted')]);
    const tampered = log.map((e) => (e.type === 'task.submitted' ? { ...e, outcome: 'accepted' as const, retention: 0.99 } : e));
    const result = await importTeamFiles(db, [{ name: 'di.ndjson', text: toNdjson(tampered) }]);
    const changed = log.find((e) => e.type === 'task.submitted')!;
    expect(result).toEqual({ ok: false, error: `di.ndjson line ${log.indexOf(changed) + 1}: event ${changed.id} was changed after it was recorded (its hash does not match). Nothing was imported.` });
  });
});
