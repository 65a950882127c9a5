import { SCHEMA_VERSION, type AxEvent } from '../log/schema';
import { canonicalEventJson } from './canonical-event';
import { fastSha256 } from './sha256';
import { hashingSink, type ExportSink } from './sink';
import { csvHeader, csvRows } from './csv';
import { otlpLogRecords } from './otlp-logs';
import { resource, SCOPE } from './otlp-common';
import { TraceBuilder, langfuseScore } from './otlp-traces';
import type { ChainBatch } from '../log/event-store';
import { pickHashes } from './merkle';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'otlp-logs', 'otlp-traces', 'langfuse-scores'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const FILE_EXTENSIONS: Record<ExportFormat, string> = { ndjson: 'ndjson', csv: 'csv', 'otlp-logs': 'otlp-logs.json', 'otlp-traces': 'otlp-traces.json', 'langfuse-scores': 'langfuse-scores.json' };

export interface ExportFilter {
  from?: number;
  to?: number;
  site?: string;
  workflow?: string;
  teamId?: string;
  actor?: string;
}

export interface Manifest {
  format: 'axtrace.export-manifest';
  manifestVersion: 1;
  schemaVersion: number;
  exportFormat: ExportFormat;
  file: { name: string; sha256: string; bytes: number };
  exportedAt: string;
  filter: ExportFilter;
  counts: { events: number; byType: Record<string, number> };
  timeRange: { from: string | null; to: string | null };
  /** Per install: the last event exported and the head of its whole chain at export time. */
  chainHeads: Record<string, { exportedSeq: number; exportedHash: string; headSeq: number; headHash: string }>;
  merkleRoot: string;
  merkleLeaves: 'RFC 6962 over the canonical JSON (RFC 8785) of each exported event, in export order';
  configHash: string;
  thresholds: { accepted: number; edited: number };
  captureLevel: string;
}

export interface ExportOptions {
  format: ExportFormat;
  fileName: string;
  filter: ExportFilter;
  /** Batches of events in chain order (installId, seq); with their canonical JSON when it is at hand. */
  batches: AsyncIterable<AxEvent[] | ChainBatch>;
  total: number;
  chainHeads: Record<string, { seq: number; hash: string }>;
  config: { configHash: string; thresholds: { accepted: number; edited: number }; captureLevel: string };
  /** Where the file and its hashes go; or else `write`, with the hashing done here. */
  sink?: ExportSink;
  /** The next chunk of the file, as text and as the UTF-8 bytes that were hashed (write either). */
  write?(chunk: string, bytes: Uint8Array): Promise<void> | void;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export function matchesExportFilter(e: AxEvent, f: ExportFilter): boolean {
  return (
    (f.from === undefined || e.ts >= f.from) && (f.to === undefined || e.ts <= f.to) && (!f.site || e.site === f.site) &&
    (!f.workflow || e.workflow === f.workflow) && (!f.teamId || e.teamId === f.teamId) && (!f.actor || e.actor === f.actor)
  );
}

const isUnfiltered = (f: ExportFilter) => f.from === undefined && f.to === undefined && !f.site && !f.workflow && !f.teamId && !f.actor;

/**
 * Streams one export: events are encoded batch by batch and handed to `write`, while the file's
 * SHA-256, the Merkle root and the counts are computed on the way. Memory stays flat except for
 * OTLP traces, which hold one span per task and suggestion until the end.
 */
export async function runExport(o: ExportOptions): Promise<Manifest> {
  if (!o.sink && !o.write) throw new Error('runExport needs a sink or a write function');
  const sink = o.sink ?? hashingSink(o.write!, await fastSha256());
  const emitAll = async (text: string, leaves: string[] = [], leafHashes?: Uint8Array) => {
    if (text || leaves.length) await sink.write(text, leaves, leafHashes);
  };
  const byType: Record<string, number> = {};
  const heads: Manifest['chainHeads'] = {};
  let first: number | null = null;
  let last: number | null = null;
  let done = 0;
  const traces = new TraceBuilder();
  let firstRecord = true;
  let currentInstall: string | null = null;

  if (o.format === 'csv') await emitAll(csvHeader());
  if (o.format === 'langfuse-scores') await emitAll('[');
  const encodeBatch = async ({ events, lines, leafHashes: allHashes }: ChainBatch) => {
    const all = lines ?? events.map(canonicalEventJson);
    const keep = isUnfiltered(o.filter) ? null : events.flatMap((e, i) => (matchesExportFilter(e, o.filter) ? [i] : []));
    const picked = keep ? keep.map((i) => events[i]) : events;
    const leaves = keep ? keep.map((i) => all[i]) : all;
    const leafHashes = allHashes && keep ? pickHashes(allHashes, keep) : allHashes;
    const emit = (text: string) => emitAll(text, leaves, leafHashes);
    for (const e of picked) {
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      first = first === null ? e.ts : Math.min(first, e.ts);
      last = last === null ? e.ts : Math.max(last, e.ts);
      const head = o.chainHeads[e.installId] ?? { seq: e.seq, hash: e.hash };
      heads[e.installId] = { exportedSeq: e.seq, exportedHash: e.hash, headSeq: head.seq, headHash: head.hash };
    }
    // An NDJSON line is the event's canonical JSON: the very text its Merkle leaf covers.
    if (o.format === 'ndjson') await emit(leaves.length ? leaves.join('\n') + '\n' : '');
    else if (o.format === 'csv') await emit(csvRows(picked));
    else if (o.format === 'otlp-traces') {
      picked.forEach((e) => traces.add(e));
      await emit('');
    } else if (o.format === 'langfuse-scores') {
      const scores = picked.map(langfuseScore).filter(Boolean).map((s) => (firstRecord ? ((firstRecord = false), '') : ',') + '\n' + JSON.stringify(s));
      await emit(scores.join(''));
    } else if (o.format === 'otlp-logs') {
      // One resourceLogs entry per run of events from the same install (chain order keeps them together).
      let out = '';
      for (const e of picked) {
        if (e.installId !== currentInstall) {
          out += (currentInstall === null ? '{"resourceLogs":[' : ']}]},') + `{"resource":${JSON.stringify(resource(e.installId, e.extVersion, e.pilotId, e.teamId))},"scopeLogs":[{"scope":${JSON.stringify(SCOPE)},"logRecords":[`;
          currentInstall = e.installId;
          firstRecord = true;
        }
        for (const r of otlpLogRecords(e)) out += (firstRecord ? ((firstRecord = false), '') : ',') + JSON.stringify(r);
      }
      await emit(out);
    }
  };
  // The next batch is read while this one is encoded (IndexedDB works on its own thread).
  const source = o.batches[Symbol.asyncIterator]();
  let next = source.next();
  try {
    for (let result = await next; !result.done; result = await next) {
      if (o.signal?.aborted) {
        await source.return?.(undefined);
        throw new DOMException('Export cancelled', 'AbortError');
      }
      const batch = Array.isArray(result.value) ? { events: result.value } : result.value;
      next = source.next();
      await encodeBatch(batch);
      done += batch.events.length;
      o.onProgress?.(done, o.total);
    }
  } catch (error) {
    next.catch(() => undefined); // a read still under way must not end as an unhandled rejection
    throw error;
  }
  if (o.format === 'otlp-logs') await emitAll(currentInstall === null ? '{"resourceLogs":[]}' : ']}]}]}');
  if (o.format === 'otlp-traces') await emitAll(JSON.stringify(traces.document()));
  if (o.format === 'langfuse-scores') await emitAll('\n]\n');
  const ended = await sink.end();
  return {
    format: 'axtrace.export-manifest',
    manifestVersion: 1,
    schemaVersion: SCHEMA_VERSION,
    exportFormat: o.format,
    file: { name: o.fileName, sha256: ended.sha256, bytes: ended.bytes },
    exportedAt: new Date().toISOString(),
    filter: o.filter,
    counts: { events: ended.leaves, byType },
    timeRange: { from: first === null ? null : new Date(first).toISOString(), to: last === null ? null : new Date(last).toISOString() },
    chainHeads: heads,
    merkleRoot: ended.merkleRoot,
    merkleLeaves: 'RFC 6962 over the canonical JSON (RFC 8785) of each exported event, in export order',
    configHash: o.config.configHash,
    thresholds: o.config.thresholds,
    captureLevel: o.config.captureLevel,
  };
}
