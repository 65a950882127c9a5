import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { canonicalEventJson, isCanonicalEventLine } from '../../../lib/export/canonical-event';
import { CSV_COLUMNS, csvRows } from '../../../lib/export/csv';
import { AxEvent, EVENT_TYPES } from '../../../lib/log/schema';
import { canonicalJson } from '../../../lib/util/hash';
import { fastSha256, nobleSha256 } from '../../../lib/export/sha256';
import { buildLog } from '../../support/log-builder';

const real = buildLog({ actor: 'ana', decisionOwner: 'Support lead' }, [
  { start: Date.parse('2026-03-02T09:00:00Z'), steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }] },
  { start: Date.parse('2026-03-02T10:00:00Z'), steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 9, type: 'dismissed', reason: 'tone', decisionMs: 4000 }, { at: 60, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 }] },
]);

// Awkward text: quotes, commas, CR/LF, byte order marks, spaces at the ends, control characters,
// backslashes, U+2028, emoji and lone surrogates.
const awkward = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', '"', ',', '\r', '\n', '\ufeff', ' ', '\\', '\u0001', '\u2028', 'é', '😀', '\ud800', '\udc00') }),
  fc.string({ unit: 'binary' }),
);
const value = fc.oneof(awkward, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0), fc.array(fc.oneof(awkward, fc.integer(), fc.constant(undefined))), fc.dictionary(awkward, fc.oneof(awkward, fc.double())), fc.date());
/** A real event with some fields replaced, removed or added. */
const event = fc.record({
  base: fc.constantFrom(...real),
  type: fc.option(fc.constantFrom(...EVENT_TYPES), { nil: undefined }),
  changes: fc.dictionary(fc.oneof(fc.constantFrom(...CSV_COLUMNS, 'thresholds', 'extra', '__proto__x'), awkward), value, { maxKeys: 4 }),
}).map(({ base, type, changes }) => ({ ...base, ...(type ? { type } : {}), ...changes }) as unknown as AxEvent);

const outcome = (f: () => string) => {
  try {
    return { ok: f() };
  } catch (error) {
    return { threw: (error as Error).message };
  }
};

describe('the export’s fast paths give exactly what the reference implementations give', () => {
  it('canonical JSON of an event equals canonicalize()’s, or both refuse it', () => {
    for (const e of real) expect(canonicalEventJson(e)).toBe(canonicalJson(e));
    fc.assert(fc.property(event, (e) => {
      expect(outcome(() => canonicalEventJson(e))).toEqual(outcome(() => canonicalJson(e)));
    }), { numRuns: 3000 });
  });

  it('a line is taken for canonical JSON only when it is that of the event the schema makes of it', () => {
    const taken = (line: string) => {
      const json = JSON.parse(line);
      const parsed = AxEvent.safeParse(json);
      return parsed.success && isCanonicalEventLine(line, json, parsed.data) ? parsed.data : null;
    };
    for (const e of real) expect(taken(canonicalEventJson(e))).toEqual(e);
    /** Keys sorted at every level (JSON.stringify: lone surrogates escaped, where canonical JSON refuses them). */
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    // Ways a line can differ from the canonical JSON and still parse to the same event.
    const rewrites: ((line: string) => string)[] = [
      (l) => l,
      (l) => l.replace(':', ': '),
      (l) => l.replace(/,"hash":"(\w+)"/, '').replace('{', `{"hash":"${/"hash":"(\w+)"/.exec(l)?.[1]}",`),
      (l) => l.replace('{', '{"actor":"someone else",'),
      (l) => l.replace('"type":"', '"typ\\u0065":"'),
      (l) => l.replace('"type":"t', '"type":"\\u0074'),
      (l) => l.replace(/"seq":(\d+)([,}])/, '"seq":$1.0$2'),
      (l) => l.replace('"accepted":', '"zz":1,"accepted":'),
      (l) => l.replace('"tzOffsetMin":0', '"tzOffsetMin":-0'),
    ];
    const line = fc.record({ e: event, how: fc.constantFrom('canonical', 'sorted', 'stringify'), rewrite: fc.constantFrom(...rewrites) }).map(({ e, how, rewrite }) => {
      const text = how === 'stringify' ? JSON.stringify(e) : how === 'sorted' ? JSON.stringify(sorted(e)) : outcome(() => canonicalJson(e)).ok ?? JSON.stringify(e);
      return rewrite(text);
    });
    // A lone surrogate, which JSON.stringify escapes and canonical JSON refuses.
    expect(taken(JSON.stringify(sorted({ ...real[0], actor: 'x\ud800' })))).toBeNull();
    fc.assert(fc.property(fc.oneof(line, fc.constantFrom(...real.map((e) => canonicalEventJson(e)))), (l) => {
      const event = taken(l);
      if (event) expect(l).toBe(canonicalEventJson(event));
    }), { numRuns: 5000 });
  });

  it('CSV rows equal Papa.unparse of the same cells', () => {
    const cells = (e: AxEvent) => CSV_COLUMNS.map((c) => {
      const v = (e as unknown as Record<string, unknown>)[c];
      return v === undefined ? '' : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    const reference = (events: AxEvent[]) => (events.length ? Papa.unparse(events.map(cells), { newline: '\r\n' }) + '\r\n' : '');
    expect(csvRows(real)).toBe(reference(real));
    fc.assert(fc.property(fc.array(event, { maxLength: 5 }), (events) => {
      expect(csvRows(events)).toBe(reference(events));
    }), { numRuns: 2000 });
  });
});

it('SHA-256 in WebAssembly gives @noble/hashes’ digests, one-shot and streamed', async () => {
  const [wasm, js] = [await fastSha256(), nobleSha256()];
  expect(wasm.kind).toBe('wasm');
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 40_000 }), { minLength: 1, maxLength: 4 }), (parts) => {
    expect(wasm.digest(...parts)).toEqual(js.digest(...parts));
    const [a, b] = [wasm.stream(), js.stream()];
    for (const p of parts) [a, b].forEach((s) => s.update(p));
    expect(a.hex()).toBe(b.hex());
  }), { numRuns: 200 });
});
