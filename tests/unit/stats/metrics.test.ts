import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { foldEvents } from '../../../lib/stats/task-facts';
import { computeMetrics } from '../../../lib/stats/metrics';
import { addTask, addTaskTo, cellKeyOf, cellsOf, emptyCell } from '../../../lib/stats/cells';
import { metricsFromCells } from '../../../lib/stats/cell-metrics';
import type { AxEvent } from '../../../lib/log/schema';
import { makeFactory } from '../helpers';

// Day 2026-03-02 at 10:00 UTC; every task below starts then, offsets in seconds.
const T0 = Date.parse('2026-03-02T10:00:00Z');
const PERIOD = { from: '2026-03-02', to: '2026-03-02' };
const thresholds = { accepted: 0.9, edited: 0.3 };

/** A tiny log writer: each call is one task of one person, events at T0 + seconds. */
function taskOf(actorName: string, opts: { decisionOwner?: string } = {}) {
  const factory = makeFactory({ identity: { mode: 'named', name: actorName }, decisionOwners: opts.decisionOwner ? { reply: opts.decisionOwner } : {} });
  const taskId = ulid();
  const events: AxEvent[] = [];
  const at = (s: number) => ({ ts: T0 + s * 1000, tzOffsetMin: 0 });
  const scope = (suggestionId: string | null = null) => ({ site: 'desk.example.com', adapter: 'generic', workflow: 'reply' as const, taskId, recordId: '1', suggestionId });
  const push = (e: unknown) => events.push(e as AxEvent);
  const api = {
    events,
    open(s = 0) {
      push(factory.make('task.opened', { holdout: false, contextFields: [] }, scope(), at(s)));
      return api;
    },
    panel(s = 1) {
      push(factory.make('panel.opened', { trigger: 'click' }, scope(), at(s)));
      return api;
    },
    /** Requests and shows a suggestion of `chars` characters; returns its id through `last`. */
    shown(s: number, chars = 200, attempt = 0, provider = 'playbook') {
      const id = ulid();
      push(factory.make('suggestion.requested', { provider, model: 'm', promptId: 'p', promptVersion: '1', attempt }, scope(id), at(s)));
      push(factory.make('suggestion.shown', { provider, model: 'm', promptId: 'p', promptVersion: '1', promptHash: null, contextFields: [], latencyMs: 800, firstTokenMs: 300, outputChars: chars, outputHash: 'a'.repeat(64), maskedCount: 0 }, scope(id), at(s)));
      api.last = id;
      return api;
    },
    failed(s: number, kind: 'timeout' | 'network') {
      push(factory.make('suggestion.failed', { provider: 'playbook', model: 'm', kind, message: 'no answer', latencyMs: 5000 }, scope(ulid()), at(s)));
      return api;
    },
    inserted(s: number, decisionMs: number) {
      push(factory.make('suggestion.inserted', { mode: 'insert', chars: 200, decisionMs }, scope(api.last), at(s)));
      return api;
    },
    dismissed(s: number, reason: 'too_long' | 'tone' | 'wrong', decisionMs = 4000) {
      push(factory.make('suggestion.dismissed', { reason, decisionMs }, scope(api.last), at(s)));
      return api;
    },
    sent(s: number, outcome: 'accepted' | 'edited' | 'fallback' | 'unassisted', retention: number | null, aiShare: number, finalChars = 100) {
      push(factory.make('task.submitted', { trigger: 'button', finalChars, finalHash: 'b'.repeat(64), retention, wordRetention: retention, similarity: retention, aiShare, outcome, thresholds, insertedSuggestionIds: [], durationMs: s * 1000 }, scope(), at(s)));
      return api;
    },
    last: '' as string,
  };
  return api;
}

const metricsOf = (...tasks: { events: AxEvent[] }[]) => computeMetrics(foldEvents(tasks.flatMap((t) => t.events)).values(), PERIOD);

describe('metrics on small logs, worked out by hand', () => {
  it('no tasks: every ratio is null, nothing divides by zero', () => {
    const m = metricsOf();
    expect(m).toMatchObject({ tasks: 0, coverage: null, insertRate: null, meanRetention: null, aiShare: null, overrideRate: null, rubberStampRate: null, stickiness: null, activeUsers: 0 });
  });

  it('only unassisted tasks: coverage 0, the whole mix unassisted, no AI share', () => {
    const m = metricsOf(taskOf('ana').open().sent(120, 'unassisted', null, 0), taskOf('bo').open().sent(60, 'unassisted', null, 0));
    expect(m.coverage).toBe(0);
    expect(m.outcomes).toEqual({ accepted: 0, edited: 0, fallback: 0, unassisted: 2 });
    expect(m.aiShare).toBe(0);
    expect(m.timeOnTaskMs).toEqual({ assisted: null, unassisted: 60_000, difference: null });
    expect(m.activeUsers).toBe(0);
  });

  it('a mixed day: coverage, insert rate, decisions, retention, AI share, time on task, overrides, rubber stamps', () => {
    // Ana: shown 400 chars, inserted after 3 s (needs 10 s to read → rubber stamp), sent as-is.
    const a = taskOf('ana', { decisionOwner: 'Support lead' }).open().panel().shown(5, 400).inserted(8, 3000).sent(60, 'accepted', 1, 1, 400);
    // Bo: shown, inserted after 20 s, edited down (retention 0.5, aiShare 0.4 of 200 chars).
    const b = taskOf('bo').open().panel().shown(5).inserted(25, 20_000).sent(180, 'edited', 0.5, 0.4, 200);
    // Cy: shown, dismissed as too long, wrote it by hand.
    const c = taskOf('cy').open().panel().shown(5).dismissed(9, 'too_long').sent(300, 'fallback', null, 0, 100);
    // Di: never opened the panel.
    const d = taskOf('di').open().sent(240, 'unassisted', null, 0, 300);
    const m = metricsOf(a, b, c, d);
    expect(m.coverage).toBe(3 / 4);
    expect(m.shown).toBe(3);
    expect(m.insertRate).toBe(2 / 3);
    expect(m.decisions).toEqual({ asIs: 1, edited: 1, dismissed: 1, ignored: 0 });
    expect(m.outcomes).toEqual({ accepted: 1, edited: 1, fallback: 1, unassisted: 1 });
    expect(m.meanRetention).toBe(0.75); // (1 + 0.5) / 2
    expect(m.aiShare).toBeCloseTo((400 * 1 + 200 * 0.4) / (400 + 200 + 100 + 300), 10); // 0.48
    expect(m.dismissReasons).toEqual({ too_long: 1 });
    expect(m.decisionMs).toEqual({ p50: 4000, p90: 20_000 }); // 3 s, 4 s, 20 s
    expect(m.timeOnTaskMs).toEqual({ assisted: 180_000, unassisted: 240_000, difference: -60_000 }); // median of 60, 180, 300 s
    expect(m.rubberStampRate).toBe(1); // the only as-is insert was decided in 3 s < 10 s
    expect(m.overrideRate).toBe(2 / 3); // bo's suggestion edited after inserting, cy's dismissed; ana's kept as-is
    expect(m.accountableShare).toBe(1 / 2); // ana's send names an owner, bo's does not
    expect(m.activeUsers).toBe(3);
    expect(m.engagedUsers).toBe(3); // each requested a suggestion
    expect(m.funnel).toEqual({ opened: 4, panelOpened: 3, shown: 3, inserted: 2, sentAcceptedOrEdited: 2 });
  });

  it('a suggestion regenerated three times: four shown, three regenerations, the last one inserted', () => {
    const t = taskOf('ana').open().panel().shown(5, 200, 0).shown(10, 200, 1).shown(15, 200, 2).shown(20, 200, 3).inserted(40, 20_000).sent(90, 'accepted', 0.95, 0.9);
    const m = metricsOf(t);
    expect(m.shown).toBe(4);
    expect(m.regenerationRate).toBe(3 / 4);
    expect(m.decisions).toEqual({ asIs: 1, edited: 0, dismissed: 0, ignored: 3 });
    expect(m.insertRate).toBe(1 / 4);
    expect(m.rubberStampRate).toBe(0);
  });

  it('overrides count suggestions, never more than were shown', () => {
    // Ana dismissed one suggestion, passed over the next and wrote the reply by hand: both overridden.
    const a = taskOf('ana').open().panel().shown(5).dismissed(9, 'tone').shown(12).sent(60, 'fallback', null, 0);
    expect(metricsOf(a).overrideRate).toBe(2 / 2);
    // Bo regenerated twice and sent the third as-is: the two passed over were not corrected, only replaced.
    const b = taskOf('bo').open().panel().shown(5, 200, 0).shown(10, 200, 1).shown(15, 200, 2).inserted(40, 20_000).sent(90, 'accepted', 1, 1);
    expect(metricsOf(b).overrideRate).toBe(0);
    // Cy inserted one and rewrote it (retention < 0.3: fallback); Di left hers unsent.
    const c = taskOf('cy').open().panel().shown(5).inserted(20, 15_000).sent(120, 'fallback', 0.1, 0.05);
    const d = taskOf('di').open().panel().shown(5);
    expect(metricsOf(c).overrideRate).toBe(1);
    expect(metricsOf(a, b, c, d).overrideRate).toBe(3 / 7); // ana 2 + cy 1, of 2 + 3 + 1 + 1 shown
  });

  it('a task submitted twice counts once, with its first send', () => {
    const t = taskOf('ana').open().panel().shown(5).inserted(30, 25_000).sent(60, 'accepted', 1, 1).sent(90, 'edited', 0.6, 0.5);
    const m = metricsOf(t);
    expect(m.submitted).toBe(1);
    expect(m.outcomes).toEqual({ accepted: 1, edited: 0, fallback: 0, unassisted: 0 });
    expect(m.timeOnTaskMs.assisted).toBe(60_000);
  });

  it('filters by person and by period; tasks outside either are left out', () => {
    const a = taskOf('ana').open().panel().shown(5).sent(60, 'fallback', null, 0);
    const b = taskOf('bo').open().sent(60, 'unassisted', null, 0);
    const all = foldEvents([...a.events, ...b.events]).values();
    const facts = [...all];
    const ana = facts.find((f) => f.actor.length && f.panelOpened)!.actor;
    expect(computeMetrics(facts, { ...PERIOD, actor: ana }).tasks).toBe(1);
    expect(computeMetrics(facts, { from: '2026-03-03', to: '2026-03-09' }).tasks).toBe(0);
  });
});

describe('rollup cells give the same figures as the task facts', () => {
  const logs = () => [
    [taskOf('ana', { decisionOwner: 'Lead' }).open().panel().shown(5, 400).inserted(8, 3000).sent(60, 'accepted', 1, 1, 400)],
    [taskOf('bo').open().panel().shown(5).inserted(25, 20_000).sent(180, 'edited', 0.5, 0.4, 200), taskOf('cy').open().panel().shown(5).dismissed(9, 'too_long').sent(300, 'fallback', null, 0)],
    [taskOf('fy').open().panel().shown(5).dismissed(9, 'tone').shown(12).sent(200, 'fallback', null, 0), taskOf('gu').open().panel().shown(5).inserted(20, 15_000).sent(120, 'fallback', 0.1, 0.05)],
    [taskOf('di').open().sent(240, 'unassisted', null, 0, 300), taskOf('ed').open().panel().shown(5, 200, 0).shown(10, 200, 1).inserted(40, 20_000).sent(90, 'accepted', 0.95, 0.9)],
  ];
  it('for every figure; percentiles within the histogram’s 5%', () => {
    const facts = [...foldEvents(logs().flat().flatMap((t) => t.events)).values()];
    const exact = computeMetrics(facts, PERIOD);
    const rolled = metricsFromCells(cellsOf(facts).values(), PERIOD);
    const { decisionMs, timeOnTaskMs, ...rest } = rolled;
    const { decisionMs: d0, timeOnTaskMs: t0, ...exactRest } = exact;
    expect(rest).toEqual(exactRest);
    for (const [got, want] of [[decisionMs.p50, d0.p50], [decisionMs.p90, d0.p90], [timeOnTaskMs.assisted, t0.assisted], [timeOnTaskMs.unassisted, t0.unassisted]]) {
      expect(got! / want!).toBeGreaterThanOrEqual(1);
      expect(got! / want!).toBeLessThanOrEqual(1.05);
    }
  });

  it('filtering by provider or prompt counts the same tasks both ways', () => {
    const a = taskOf('ana').open().panel().shown(5, 200, 0, 'openai-compatible').inserted(20, 15_000).sent(60, 'accepted', 1, 1);
    const b = taskOf('bo').open().panel().shown(5).dismissed(9, 'tone').sent(90, 'fallback', null, 0);
    const facts = [...foldEvents([...a.events, ...b.events]).values()];
    for (const filter of [{ ...PERIOD, providerModel: 'openai-compatible · m' }, { ...PERIOD, providerModel: 'playbook · m' }, { ...PERIOD, prompt: 'p v1' }]) {
      const exact = computeMetrics(facts, filter);
      expect(metricsFromCells(cellsOf(facts).values(), filter)).toMatchObject({ tasks: exact.tasks, outcomes: exact.outcomes, shown: exact.shown });
    }
    expect(computeMetrics(facts, { ...PERIOD, providerModel: 'openai-compatible · m' }).outcomes).toMatchObject({ accepted: 1, fallback: 0 });
  });

  it('taking a task’s old contribution out and putting the new one in equals a rebuild', () => {
    const t = taskOf('ana').open().panel().shown(5);
    const before = foldEvents(t.events);
    t.inserted(20, 15_000).sent(60, 'accepted', 1, 1);
    const after = foldEvents(t.events);
    const cells = cellsOf(before.values());
    const [old] = before.values();
    const [next] = after.values();
    addTaskTo(cells, old, -1);
    addTaskTo(cells, next, 1);
    expect(metricsFromCells(cells.values(), PERIOD)).toEqual(metricsFromCells(cellsOf(after.values()).values(), PERIOD));
  });

  it('a task taken out of its cell in place leaves the cell of the others exactly, with no empty counts or buckets', () => {
    const a = taskOf('ana').open().panel().shown(5).dismissed(9, 'tone').sent(90, 'fallback', null, 0);
    const b = taskOf('ana').open().panel().shown(5).failed(6, 'timeout').shown(8).dismissed(12, 'too_long').inserted(20, 15_000).sent(60, 'edited', 0.6, 0.5);
    const c = taskOf('ana').open().panel().shown(5).inserted(7, 800).sent(30, 'accepted', 1, 1);
    const [fa, fb, fc] = [a, b, c].map((t) => [...foldEvents(t.events).values()][0]);
    const cells = cellsOf([fa, fb, fc]);
    const others = cellsOf([fa, fc]);
    expect(cells.size).toBe(1);
    const [cell] = cells.values();
    addTask(cell, fb, -1);
    expect(cell).toEqual([...others.values()][0]);
    // Taking out the rest leaves an empty cell: every count zero, every map empty.
    addTask(addTask(cell, fa, -1), fc, -1);
    expect(cell).toEqual(emptyCell(cellKeyOf(fa)));
  });
});
