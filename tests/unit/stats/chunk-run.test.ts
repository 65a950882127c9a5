import { describe, expect, it } from 'vitest';
import { RunBuilder } from '../../../lib/stats/chunk-run';
import { foldPart, groupByTask } from '../../../lib/stats/task-facts';
import { pageSpan } from '../../../lib/log/pages';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog } from '../../support/log-builder';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const steps = [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'edited', retention: 0.8, aiShare: 0.6 }] as const;
const log = buildLog({ actor: 'ann' }, [0, 1, 2].map((i) => ({ start: DAY + i * 3_600_000, steps: [...steps] })));

function runOf(events: AxEvent[], upTo = 100) {
  const builder = new RunBuilder(upTo);
  for (const e of events) builder.add(e);
  return builder.finish(() => 'body');
}

describe('a chunk’s run, built event by event', () => {
  it('of a chain’s events: their ends, span and each task’s part, as folding all of them at once gives', () => {
    const run = runOf(log)!;
    const last = log[log.length - 1];
    expect(run).toEqual({
      first: { installId: log[0].installId, id: log[0].id, seq: log[0].seq, prevHash: log[0].prevHash, hash: log[0].hash },
      last: { installId: last.installId, id: last.id, seq: last.seq, prevHash: last.prevHash, hash: last.hash },
      ...pageSpan(log),
      count: log.length,
      body: 'body',
      tasks: [...groupByTask(log).values()].map(foldPart),
    });
    expect(run.tasks).toHaveLength(3);
  });

  it('none where the events are not one run: a seq skipped, a broken link, another install, an id twice, too many', () => {
    const [a, b, c, d] = log;
    expect(runOf([a, b, d])).toBeNull();
    expect(runOf([a, b, { ...c, prevHash: a.hash }])).toBeNull();
    expect(runOf([a, b, { ...c, installId: 'other' }])).toBeNull();
    expect(runOf([a, b, { ...c, id: b.id }])).toBeNull();
    expect(runOf(log, log.length - 1)).toBeNull();
    expect(runOf(log, 0)).toBeNull();
    expect(runOf([])).toBeNull();
    // A chain's middle is a run; its first event must link to nothing before it only at seq 0.
    expect(runOf([b, c, d])).toMatchObject({ count: 3 });
    expect(runOf([{ ...a, prevHash: b.hash }, b])).toBeNull();
  });
});
