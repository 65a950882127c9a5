import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { EXPORT_FORMATS, runExport, type ExportFormat, type ExportOptions } from '../../../lib/export/exporter';
import { verifyExport } from '../../../lib/export/verify';
import { merkleRoot } from '../../../lib/export/merkle';
import { parseCsvEvents } from '../../../lib/export/csv';
import { AxEvent } from '../../../lib/log/schema';
import { openDb } from '../../../lib/log/db';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { buildLog, type TaskScript } from '../../support/log-builder';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const script = (i: number): TaskScript => ({
  start: DAY + i * 3_600_000,
  steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, i % 2 ? { at: 9, type: 'dismissed', reason: 'tone', decisionMs: 4000 } : { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: i % 2 ? 'fallback' : 'accepted', retention: i % 2 ? null : 1, aiShare: i % 2 ? 0 : 1 }],
});
const log = buildLog({ actor: 'ana', decisionOwner: 'Support lead' }, [script(0), script(1), script(2)]);

async function exportAs(format: ExportFormat, overrides: Partial<ExportOptions> = {}) {
  let text = '';
  const progress: number[] = [];
  const manifest = await runExport({
    format, fileName: `log.${format}`, filter: {}, total: log.length, chainHeads: {},
    batches: (async function* () { for (let i = 0; i < log.length; i += 4) yield log.slice(i, i + 4); })(),
    config: { configHash: 'c'.repeat(64), thresholds: { accepted: 0.9, edited: 0.3 }, captureLevel: 'metadata' },
    write: (chunk) => void (text += chunk),
    onProgress: (done) => progress.push(done),
    ...overrides,
  });
  return { text, manifest, progress };
}

/** RFC 6962 §2.1, written as the RFC states it (recursive split at the largest power of two). */
function rfc6962(leaves: string[]): string {
  const h = (bytes: Uint8Array) => sha256(bytes);
  const mth = (d: string[]): Uint8Array => {
    if (d.length === 0) return h(new Uint8Array());
    if (d.length === 1) return h(concatBytes(new Uint8Array([0]), utf8ToBytes(d[0])));
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return h(concatBytes(new Uint8Array([1]), mth(d.slice(0, k)), mth(d.slice(k))));
  };
  return bytesToHex(mth(leaves));
}

describe('exports', () => {
  it('the streaming Merkle root is RFC 6962’s for every size', () => {
    for (let n = 0; n <= 17; n++) {
      const leaves = Array.from({ length: n }, (_, i) => `leaf ${i}`);
      expect(merkleRoot(leaves)).toBe(rfc6962(leaves));
    }
  });

  it.each(EXPORT_FORMATS)('%s: export → verify passes, with a manifest naming counts, range, chain heads and root', async (format) => {
    const { text, manifest, progress } = await exportAs(format);
    expect(progress.at(-1)).toBe(log.length);
    expect(manifest).toMatchObject({ exportFormat: format, counts: { events: log.length }, captureLevel: 'metadata', thresholds: { accepted: 0.9, edited: 0.3 } });
    expect(manifest.chainHeads[log[0].installId]).toMatchObject({ exportedSeq: log.length - 1, exportedHash: log.at(-1)!.hash });
    expect(manifest.timeRange.from).toBe(new Date(log[0].ts).toISOString());
    const report = verifyExport(text, manifest);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it.each(['ndjson', 'csv', 'otlp-logs'] as const)('%s: the events come back exactly, and import', async (format) => {
    const { text } = await exportAs(format);
    const back =
      format === 'ndjson' ? text.trim().split('\n').map((l) => JSON.parse(l))
      : format === 'csv' ? parseCsvEvents(text)
      : JSON.parse(text).resourceLogs.flatMap((r: any) => r.scopeLogs.flatMap((s: any) => s.logRecords)).filter((r: any) => r.eventName.startsWith('axtrace.')).map((r: any) => JSON.parse(r.body.stringValue));
    expect(back.map((e: unknown) => AxEvent.parse(e))).toEqual(log);
    const db = openDb(`export-import-${format}`);
    const ndjson = back.map((e: unknown) => JSON.stringify(e)).join('\n');
    expect(await importTeamFiles(db, [new File([ndjson], `ana.${format}.ndjson`)])).toMatchObject({ ok: true, added: log.length });
  });

  it.each(['ndjson', 'csv', 'otlp-logs'] as const)('%s: one changed byte in one event makes verify name that event', async (format) => {
    const { text, manifest } = await exportAs(format);
    const victim = log[5];
    expect(verifyExport(text, manifest).ok).toBe(true);
    // Change one character of the victim's site (northwind.zendesk.com → northwind.zendesk.con).
    const at = format === 'csv' ? text.split('\r\n').findIndex((l) => l.includes(victim.id)) : -1;
    const tampered =
      format === 'csv'
        ? text.split('\r\n').map((l, i) => (i === at ? l.replace('zendesk.com', 'zendesk.con') : l)).join('\r\n')
        : replaceInEvent(text, victim.id, 'zendesk.com', 'zendesk.con');
    const report = verifyExport(tampered, manifest);
    expect(report.ok).toBe(false);
    expect(report.firstBadEvent?.id).toBe(victim.id);
    expect(report.checks.find((c) => c.name === 'Merkle root')?.ok).toBe(false);
  });

  it('filters by period and person, and the manifest says so', async () => {
    const { text, manifest } = await exportAs('ndjson', { filter: { from: DAY + 3_600_000, actor: 'ana' } });
    expect(manifest.counts.events).toBe(log.filter((e) => e.ts >= DAY + 3_600_000).length);
    expect(verifyExport(text, manifest).ok).toBe(true);
  });

  it('a cancelled export stops with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(exportAs('csv', { signal: controller.signal })).rejects.toThrow('Export cancelled');
  });

  it('OTLP output follows the protobuf JSON mapping: hex ids, string nanos, typed attribute values', async () => {
    const AnyValue = z.union([z.object({ stringValue: z.string() }), z.object({ intValue: z.string().regex(/^-?\d+$/) }), z.object({ doubleValue: z.number() }), z.object({ boolValue: z.boolean() })]);
    const KeyValue = z.strictObject({ key: z.string().min(1), value: AnyValue });
    const nanos = z.string().regex(/^\d{19}$/);
    const LogRecord = z.strictObject({ timeUnixNano: nanos, observedTimeUnixNano: nanos, severityNumber: z.number().int(), severityText: z.string(), eventName: z.string(), body: AnyValue, attributes: z.array(KeyValue), traceId: z.string().regex(/^[0-9a-f]{32}$/).optional(), spanId: z.string().regex(/^[0-9a-f]{16}$/).optional() });
    const Span = z.strictObject({ traceId: z.string().regex(/^[0-9a-f]{32}$/), spanId: z.string().regex(/^[0-9a-f]{16}$/), parentSpanId: z.string().regex(/^[0-9a-f]{16}$/).optional(), name: z.string(), kind: z.number().int().min(0).max(5), startTimeUnixNano: nanos, endTimeUnixNano: nanos, attributes: z.array(KeyValue), status: z.object({ code: z.number().int().min(0).max(2), message: z.string().optional() }) });
    const Resource = z.object({ attributes: z.array(KeyValue) });
    const Scope = z.object({ name: z.string(), version: z.string() });
    const logs = z.object({ resourceLogs: z.array(z.object({ resource: Resource, scopeLogs: z.array(z.object({ scope: Scope, logRecords: z.array(LogRecord) })) })) }).parse(JSON.parse((await exportAs('otlp-logs')).text));
    const records = logs.resourceLogs[0].scopeLogs[0].logRecords;
    expect(records.filter((r) => r.eventName === 'gen_ai.evaluation.result')).toHaveLength(6); // 3 decisions + 3 task outcomes
    const traces = z.object({ resourceSpans: z.array(z.object({ resource: Resource, scopeSpans: z.array(z.object({ scope: Scope, spans: z.array(Span) })) })) }).parse(JSON.parse((await exportAs('otlp-traces')).text));
    const spans = traces.resourceSpans[0].scopeSpans[0].spans;
    expect(spans.filter((s) => !s.parentSpanId)).toHaveLength(3); // one trace per task
    expect(spans.filter((s) => s.parentSpanId)).toHaveLength(3); // one generation per suggestion
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(3);
    // Re-exporting gives the same ids: idempotent in Langfuse.
    expect(JSON.parse((await exportAs('otlp-traces')).text)).toEqual(traces);
  });
});

function replaceInEvent(text: string, id: string, from: string, to: string): string {
  const i = text.indexOf(id);
  const j = text.indexOf(from, i);
  return text.slice(0, j) + to + text.slice(j + from.length);
}
