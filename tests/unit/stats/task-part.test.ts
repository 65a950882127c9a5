import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEvents, foldPart, mergePart } from '../../../lib/stats/task-facts';
import type { AxEvent } from '../../../lib/log/schema';

type TaskEvent = AxEvent & { taskId: string };

// Only what folding reads: a task's events of every kind, with few suggestion ids and clashing
// times so that regenerations, decisions before their shown, ties and resends all occur.
const suggestionId = fc.constantFrom('s1', 's2', 's3');
const ts = fc.integer({ min: 1_000, max: 1_020 });
const kinds: fc.Arbitrary<Record<string, unknown>>[] = [
  fc.record({ type: fc.constant('task.opened'), holdout: fc.boolean() }),
  fc.record({ type: fc.constant('panel.opened') }),
  fc.record({ type: fc.constant('panel.closed') }),
  fc.record({ type: fc.constant('suggestion.requested'), attempt: fc.integer({ min: 0, max: 2 }), suggestionId }),
  fc.record({ type: fc.constant('suggestion.shown'), suggestionId, provider: fc.constantFrom('a', 'b'), model: fc.constant('m'), promptId: fc.constant('p'), promptVersion: fc.constantFrom('1', '2'), outputChars: fc.nat(500), latencyMs: fc.nat(900), firstTokenMs: fc.nat(300) }),
  fc.record({ type: fc.constant('suggestion.failed'), kind: fc.constantFrom('timeout', 'network'), suggestionId }),
  fc.record({ type: fc.constant('suggestion.inserted'), suggestionId, decisionMs: fc.nat(5000) }),
  fc.record({ type: fc.constant('suggestion.dismissed'), suggestionId, decisionMs: fc.nat(5000), reason: fc.constantFrom('too_long', 'tone') }),
  fc.record({ type: fc.constant('suggestion.rated'), suggestionId }),
  fc.record({ type: fc.constant('suggestion.cancelled'), suggestionId }),
  fc.record({ type: fc.constant('task.submitted'), outcome: fc.constantFrom('accepted', 'edited'), retention: fc.option(fc.double({ min: 0, max: 1, noNaN: true })), aiShare: fc.double({ min: 0, max: 1, noNaN: true }), finalChars: fc.nat(900), durationMs: fc.nat(9000), decisionOwner: fc.option(fc.constant('lead')) }),
  fc.record({ type: fc.constant('task.abandoned') }),
];
const event = fc.tuple(fc.oneof(...kinds), ts, fc.integer({ min: -120, max: 120 })).map(([fields, at, tz]) => ({ suggestionId: null, ...fields, taskId: 't1', ts: at, tzOffsetMin: tz * 60, installId: 'i', actor: 'ann', teamId: 'team', pilotId: 'p', site: 's', adapter: 'a', workflow: 'w' }) as unknown as TaskEvent);
const runs = fc.array(fc.array(event, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 });

describe('task parts (a validator folds a chunk, the import merges it)', () => {
  it('merging the parts of consecutive runs gives what folding all their events one by one gives', () => {
    fc.assert(
      fc.property(runs, (parts) => {
        const whole = applyEvents(undefined, parts.flat(), 'team-a');
        let merged = mergePart(undefined, foldPart(parts[0]), 'team-a');
        for (const run of parts.slice(1)) merged = mergePart(merged, foldPart(run), 'team-a');
        expect(merged).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  it('a merge leaves the facts it merged into as they were', () => {
    fc.assert(
      fc.property(runs, (parts) => {
        const before = applyEvents(undefined, parts[0], 'x');
        const copy = structuredClone(before);
        for (const run of parts.slice(1)) mergePart(before, foldPart(run), 'x');
        expect(before).toEqual(copy);
      }),
      { numRuns: 300 },
    );
  });

  it('a later shown of a suggestion takes its timings, an insert is kept over a later dismiss', () => {
    const base = { taskId: 't1', installId: 'i', actor: 'ann', teamId: 't', pilotId: 'p', site: 's', adapter: 'a', workflow: 'w', tzOffsetMin: 0 };
    const e = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as unknown as TaskEvent;
    const first = [e({ type: 'suggestion.shown', ts: 1, suggestionId: 's', provider: 'a', model: 'm', promptId: 'p', promptVersion: '1', outputChars: 10, latencyMs: 5, firstTokenMs: 1 }), e({ type: 'suggestion.inserted', ts: 2, suggestionId: 's', decisionMs: 100 })];
    const second = [e({ type: 'suggestion.dismissed', ts: 3, suggestionId: 's', decisionMs: 50, reason: 'tone' }), e({ type: 'suggestion.shown', ts: 4, suggestionId: 's', provider: 'b', model: 'm', promptId: 'p', promptVersion: '2', outputChars: 20, latencyMs: 7, firstTokenMs: 2 })];
    const merged = mergePart(applyEvents(undefined, first, 'x'), foldPart(second), 'x');
    expect(merged.suggestions.s).toMatchObject({ provider: 'b', promptVersion: '2', chars: 20, shownAt: 4, decision: 'inserted', decisionMs: 100, dismissReason: null });
  });
});
