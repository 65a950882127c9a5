import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AxEvent, EVENT_TYPES, type EventType } from '../../../lib/log/schema';
import { CompiledAxEvent } from '../../../lib/log/compiled-schema';
import { eventParserSource, PARSER_FILE } from '../../../scripts/compile-event-schema';
import { buildLog } from '../../support/log-builder';

const built = buildLog({ actor: 'ana', decisionOwner: 'Support lead' }, [
  { start: Date.parse('2026-03-02T09:00:00Z'), steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'edited', retention: 0.7, aiShare: 0.6 }] },
  { start: Date.parse('2026-03-02T10:00:00Z'), steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 9, type: 'dismissed', reason: 'tone', decisionMs: 4000 }, { at: 60, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 }] },
]);
const hash = 'ab'.repeat(32);
const ulidLike = '01JA2B3C4D5E6F7G8H9JKMNPQR';
/** Payloads of the types the log builder does not write, so every variant is exercised. */
const otherPayloads: Partial<Record<EventType, Record<string, unknown>>> = {
  'panel.closed': { openMs: 1200 },
  'suggestion.failed': { provider: 'embedded', model: 'm', kind: 'timeout', message: 'took too long', latencyMs: 30_000 },
  'suggestion.rated': { rating: 'down' },
  'suggestion.cancelled': { chars: 12, latencyMs: 800 },
  'task.abandoned': { reason: 'navigation', durationMs: 5000 },
  'adapter.miss': { missing: ['editor'], skeleton: '<div><textarea></textarea></div>' },
  'config.changed': { keys: ['sites', 'provider'], source: 'options' },
  'chain.checkpoint': { headSeq: 41, headHash: hash },
  'export.created': { format: 'ndjson', count: 42, manifestHash: hash, headSeq: 41, headHash: hash },
};
const common = (({ type: _t, holdout: _h, contextFields: _c, ...rest }) => rest)(built[0] as Extract<AxEvent, { type: 'task.opened' }>);
const real: unknown[] = [
  ...built,
  ...Object.entries(otherPayloads).map(([type, payload]) => ({ ...common, type, ...payload })),
  { ...built.find((e) => e.type === 'suggestion.shown')!, text: 'A suggestion, kept at capture level full' },
  { ...built.find((e) => e.type === 'suggestion.dismissed')!, note: 'far too long' },
];

// Values that break each kind of check: wrong types, bounds, formats, lengths (code points), enums, nesting.
const awkward: unknown[] = [null, undefined, true, 0, -1, 0.5, 1.5, 901, -901, -0, NaN, Infinity, 2 ** 53, '', 'x'.repeat(201), '😀'.repeat(150), '😀'.repeat(201), 'x'.repeat(501), 'x'.repeat(20_001), hash, hash.toUpperCase(), ulidLike, ulidLike.toLowerCase(), 'too_long', 'accepted', 'click', [], [ulidLike], ['x'.repeat(201)], Array(51).fill('a'), {}, { accepted: 0.9, edited: 0.5 }, { accepted: 0.5, edited: 0.9 }, { accepted: 0.9 }];
const value = fc.oneof(
  fc.constantFrom(...awkward),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string(),
  fc.double(),
  fc.integer(),
);
const keys = ['type', 'schemaVersion', 'id', 'ts', 'tzOffsetMin', 'seq', 'prevHash', 'hash', 'installId', 'decisionOwner', 'site', 'workflow', 'taskId', 'suggestionId', 'thresholds', 'retention', 'outcome', 'reason', 'trigger', 'contextFields', 'insertedSuggestionIds', 'text', 'note', 'latencyMs', 'kind', 'missing', 'skeleton', 'unknownKey'];
/** A real event with some fields replaced, removed or added (or not an object at all). */
const input = fc.oneof(
  fc.record({
    base: fc.constantFrom(...real),
    type: fc.option(fc.constantFrom(...EVENT_TYPES), { nil: undefined }),
    changes: fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 3 }),
    removed: fc.subarray(keys, { maxLength: 2 }),
  }).map(({ base, type, changes, removed }) => {
    const e: Record<string, unknown> = { ...(base as object), ...(type ? { type } : {}), ...changes };
    for (const k of removed) delete e[k];
    return e;
  }),
  value,
);

const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string; code: string }[] } }) =>
  r.success ? null : { path: r.error!.issues[0].path, message: r.error!.issues[0].message, code: r.error!.issues[0].code };

describe('the compiled event parser (zod AOT, generated at build time)', () => {
  it('is what npm run gen:schema writes from the schema as it now is', () => {
    expect(readFileSync(PARSER_FILE, 'utf8'), 'lib/log/generated/ax-event-parser.ts is stale: run npm run gen:schema').toBe(eventParserSource());
  });

  it('parses every type of event exactly as the schema does', () => {
    expect(new Set(real.map((e) => (e as AxEvent).type))).toEqual(new Set(EVENT_TYPES));
    for (const e of real) {
      const compiled = CompiledAxEvent.safeParse(e);
      expect(compiled.success).toBe(true);
      expect(compiled.data).toEqual(AxEvent.parse(e));
      // Built afresh, not the input handed back.
      expect(compiled.data).not.toBe(e);
    }
  });

  const agrees = (raw: unknown) => {
    const reference = AxEvent.safeParse(raw);
    const compiled = CompiledAxEvent.safeParse(raw);
    expect(compiled.success).toBe(reference.success);
    if (reference.success) expect(compiled.data).toEqual(reference.data);
    else expect(firstIssue(compiled)).toEqual(firstIssue(reference));
  };

  it('accepts, refuses and reports exactly as the schema does with any one field of any type replaced by an awkward value', () => {
    for (const base of real) {
      for (const key of [...Object.keys(base as object), 'unknownKey']) {
        for (const v of awkward) agrees({ ...(base as object), [key]: v });
        const without: Record<string, unknown> = { ...(base as object) };
        delete without[key];
        agrees(without);
      }
    }
  });

  it('accepts, refuses and reports exactly as the schema does on randomly altered events', () => {
    fc.assert(
      fc.property(input, agrees),
      { numRuns: 5000 },
    );
  });

  it('drops keys the schema does not know, as the schema does', () => {
    const parsed = CompiledAxEvent.parse({ ...(real[0] as object), unknownKey: 'x' });
    expect(parsed).not.toHaveProperty('unknownKey');
  });
});
