import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { SCHEMA_VERSION, type AxEvent } from '../log/schema';
import { canonicalJson } from '../util/hash';
import { MerkleBuilder } from './merkle';
import { csvHeader, csvRows } from './csv';
import { otlpLogRecords } from './otlp-logs';
import { resource, SCOPE } from './otlp-common';
import { TraceBuilder, langfuseScore } from './otlp-traces';

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
  /** Batches of events in chain order (installId, seq). */
  batches: AsyncIterable<AxEvent[]>;
  total: number;
  chainHeads: Record<string, { seq: number; hash: string }>;
  config: { configHash: string; thresholds: { accepted: number; edited: number }; captureLevel: string };
  write(chunk: string): Promise<void> | void;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export function matchesExportFilter(e: AxEvent, f: ExportFilter): boolean {
  return (
    (f.from === undefined || e.ts >= f.from) && (f.to === undefined || e.ts <= f.to) && (!f.site || e.site === f.site) &&
    (!f.workflow || e.workflow === f.workflow) && (!f.teamId || e.teamId === f.teamId) && (!f.actor || e.actor === f.actor)
  );
}

/**
 * Streams one export: events are encoded batch by batch and handed to `write`, while the file's
 * SHA-256, the Merkle root and the counts are computed on the way. Memory stays flat except for
 * OTLP traces, which hold one span per task and suggestion until the end.
 */
export async function runExport(o: ExportOptions): Promise<Manifest> {
  const fileHash = sha256.create();
  let bytes = 0;
  const emit = async (text: string) => {
    if (!text) return;
    const data = utf8ToBytes(text);
    fileHash.update(data);
    bytes += data.length;
    await o.write(text);
  };
  const merkle = new MerkleBuilder();
  const byType: Record<string, number> = {};
  const heads: Manifest['chainHeads'] = {};
  let first: number | null = null;
  let last: number | null = null;
  let done = 0;
  const traces = new TraceBuilder();
  let firstRecord = true;
  let currentInstall: string | null = null;

  if (o.format === 'csv') await emit(csvHeader());
  if (o.format === 'langfuse-scores') await emit('[');
  for await (const batch of o.batches) {
    if (o.signal?.aborted) throw new DOMException('Export cancelled', 'AbortError');
    const picked = batch.filter((e) => matchesExportFilter(e, o.filter));
    for (const e of picked) {
      merkle.push(canonicalJson(e));
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      first = first === null ? e.ts : Math.min(first, e.ts);
      last = last === null ? e.ts : Math.max(last, e.ts);
      const head = o.chainHeads[e.installId] ?? { seq: e.seq, hash: e.hash };
      heads[e.installId] = { exportedSeq: e.seq, exportedHash: e.hash, headSeq: head.seq, headHash: head.hash };
    }
    if (o.format === 'ndjson') await emit(picked.map((e) => JSON.stringify(e) + '\n').join(''));
    else if (o.format === 'csv') await emit(csvRows(picked));
    else if (o.format === 'otlp-traces') picked.forEach((e) => traces.add(e));
    else if (o.format === 'langfuse-scores') {
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
    done += batch.length;
    o.onProgress?.(done, o.total);
  }
  if (o.format === 'otlp-logs') await emit(currentInstall === null ? '{"resourceLogs":[]}' : ']}]}]}');
  if (o.format === 'otlp-traces') await emit(JSON.stringify(traces.document()));
  if (o.format === 'langfuse-scores') await emit('\n]\n');
  return {
    format: 'axtrace.export-manifest',
    manifestVersion: 1,
    schemaVersion: SCHEMA_VERSION,
    exportFormat: o.format,
    file: { name: o.fileName, sha256: bytesToHex(fileHash.digest()), bytes },
    exportedAt: new Date().toISOString(),
    filter: o.filter,
    counts: { events: merkle.count, byType },
    timeRange: { from: first === null ? null : new Date(first).toISOString(), to: last === null ? null : new Date(last).toISOString() },
    chainHeads: heads,
    merkleRoot: merkle.root(),
    merkleLeaves: 'RFC 6962 over the canonical JSON (RFC 8785) of each exported event, in export order',
    configHash: o.config.configHash,
    thresholds: o.config.thresholds,
    captureLevel: o.config.captureLevel,
  };
}
