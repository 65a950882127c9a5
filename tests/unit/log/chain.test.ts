import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../lib/util/hash';
import { eventHash, verifyChainSegment } from '../../../lib/log/chain';
import { AxEvent, GENESIS_HASH } from '../../../lib/log/schema';
import { makeFactory, scope } from '../helpers';

function chainOf(n: number): AxEvent[] {
  const factory = makeFactory();
  const out: AxEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 0; seq < n; seq++) {
    const draft = { ...factory.make('panel.opened', { trigger: 'click' }, scope()), seq, prevHash: prev, hash: '' } as unknown as AxEvent;
    const event = AxEvent.parse({ ...draft, hash: eventHash(draft) });
    out.push(event);
    prev = event.hash;
  }
  return out;
}

describe('hashing', () => {
  it('uses SHA-256 and RFC 8785 canonical JSON', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":1}],"b":1}');
  });
});

describe('verifyChainSegment', () => {
  it('accepts an intact chain and returns its head', () => {
    const events = chainOf(5);
    const r = verifyChainSegment(events);
    expect(r).toEqual({ ok: true, count: 5, head: { seq: 4, hash: events[4].hash } });
  });

  it('names the event whose content was changed', () => {
    const events = chainOf(5);
    events[2] = { ...events[2], trigger: 'shortcut' } as AxEvent;
    const r = verifyChainSegment(events);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ kind: 'hash', id: events[2].id, seq: 2 });
  });

  it('detects a removed event as a gap and a rehashed event as a broken link', () => {
    const events = chainOf(4);
    const gap = verifyChainSegment([events[0], events[2], events[3]]);
    expect(!gap.ok && gap.problem).toMatchObject({ kind: 'gap', id: events[2].id, expectedSeq: 1 });

    // An attacker who edits event 1 and recomputes its own hash still breaks event 2's link.
    const forged = { ...events[1], trigger: 'shortcut' } as AxEvent;
    forged.hash = eventHash(forged);
    const link = verifyChainSegment([events[0], forged, events[2], events[3]]);
    expect(!link.ok && link.problem).toMatchObject({ kind: 'link', id: events[2].id });
  });
});

describe('AxEvent schema', () => {
  const [valid] = chainOf(1);
  it('rejects unknown types, bad ids, missing or out-of-range fields', () => {
    expect(AxEvent.safeParse(valid).success).toBe(true);
    expect(AxEvent.safeParse({ ...valid, type: 'task.exploded' }).success).toBe(false);
    expect(AxEvent.safeParse({ ...valid, id: 'not-a-ulid' }).success).toBe(false);
    expect(AxEvent.safeParse({ ...valid, trigger: undefined }).success).toBe(false);
    expect(AxEvent.safeParse({ ...valid, schemaVersion: 2 }).success).toBe(false);
    expect(AxEvent.safeParse({ ...valid, actor: 'x'.repeat(201) }).success).toBe(false);
  });
});
