import { expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { canonicalJson } from '../../../lib/util/hash';
import { PilotConfig } from '../../../lib/config/schema';
import { buildLog } from '../../support/log-builder';

// The reference is the `canonicalize` package (RFC 8785); ours must write exactly the same text.
it('writes what the RFC 8785 reference writes, for events, the configuration and awkward values', () => {
  const events = buildLog({ actor: 'ana', decisionOwner: 'Lead' }, [
    { start: Date.parse('2026-03-02T09:00:00Z'), steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'edited', retention: 0.6123456789, aiShare: 1 / 3 }] },
  ]);
  const awkward = [
    { b: 1, a: [3, { z: null, y: 'é\u2028"\\\n' }], '\u00e9': true, A: false, '': 0, '10': -0, '9': 1e21, x: 1e-7, big: 2 ** 53 + 2, u: undefined, f: () => 1 },
    { '\ud83d\ude00': 'emoji key', '\ufb33': 'sorts by UTF-16 code units, not code points', '\ud800\udc00': 'surrogate pair' },
    [undefined, null, 0.1 + 0.2, 'tab\tnul\u0000'],
    'plain', 42, null, true,
  ];
  for (const value of [...events, PilotConfig.parse({}), ...awkward]) expect(canonicalJson(value)).toBe(canonicalize(value));
});

it('refuses what canonical JSON cannot express, as the reference does', () => {
  for (const bad of [Number.NaN, Infinity, { a: '\ud800' }]) {
    expect(() => canonicalize(bad)).toThrow();
    expect(() => canonicalJson(bad)).toThrow();
  }
});
