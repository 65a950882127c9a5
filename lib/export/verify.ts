import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { exportedEventProblem } from '../log/chain';
import type { AxEvent } from '../log/schema';
import { canonicalJson } from '../util/hash';
import { MerkleBuilder } from './merkle';
import { parseCsvEvents } from './csv';
import type { ExportFormat, Manifest } from './exporter';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  checks: Check[];
  /** The first event that does not match, when one is to blame. */
  firstBadEvent: { id: string; where: string } | null;
}

/**
 * Re-checks an export against itself and its manifest: every event's hash against its content,
 * the links between consecutive events of each install, the Merkle root and count in the
 * manifest, and the file's SHA-256. Names the first event that does not match.
 */
export function verifyExport(fileText: string, manifest: Manifest | null, format: ExportFormat = manifest?.exportFormat ?? sniff(fileText)): VerifyReport {
  const checks: Check[] = [];
  let firstBadEvent: VerifyReport['firstBadEvent'] = null;
  if (manifest) {
    const actual = bytesToHex(sha256(utf8ToBytes(fileText)));
    checks.push({ name: 'file SHA-256', ok: actual === manifest.file.sha256, detail: actual === manifest.file.sha256 ? 'matches the manifest' : `is ${actual.slice(0, 16)}…, the manifest says ${manifest.file.sha256.slice(0, 16)}…` });
  }
  const extracted = extractEvents(fileText, format);
  if ('error' in extracted) {
    checks.push({ name: 'events', ok: false, detail: extracted.error });
    return { ok: false, events: 0, checks, firstBadEvent: extracted.bad };
  }
  const { events } = extracted;
  if (events) {
    const merkle = new MerkleBuilder();
    const last = new Map<string, AxEvent>();
    for (const { event: e, where } of events) {
      merkle.push(canonicalJson(e));
      if (firstBadEvent) continue;
      const problem = exportedEventProblem(last.get(e.installId), e);
      if (problem === 'hash') firstBadEvent = { id: String(e.id), where: `${where}: its content does not match its hash (changed after it was recorded)` };
      if (problem === 'link') firstBadEvent = { id: String(e.id), where: `${where}: it does not link to the event before it` };
      last.set(e.installId, e);
    }
    checks.push({ name: 'event hashes and chain links', ok: !firstBadEvent, detail: firstBadEvent ? `event ${firstBadEvent.id} at ${firstBadEvent.where}` : `${events.length} events intact` });
    if (manifest) {
      const root = merkle.root();
      checks.push({ name: 'Merkle root', ok: root === manifest.merkleRoot, detail: root === manifest.merkleRoot ? 'matches the manifest' : 'differs from the manifest: events were changed, added, removed or reordered' });
      checks.push({ name: 'event count', ok: events.length === manifest.counts.events, detail: `${events.length} in the file, ${manifest.counts.events} in the manifest` });
    }
  } else {
    checks.push({ name: 'events', ok: true, detail: `${format} does not carry whole events; the file's SHA-256 stands for its content` });
  }
  return { ok: checks.every((c) => c.ok), events: events?.length ?? 0, checks, firstBadEvent };
}

type Extracted = { events: { event: AxEvent; where: string }[] | null } | { error: string; bad: VerifyReport['firstBadEvent'] };

function extractEvents(text: string, format: ExportFormat): Extracted {
  if (format === 'otlp-traces' || format === 'langfuse-scores') return { events: null };
  if (format === 'csv') {
    try {
      return { events: parseCsvEvents(text).map((e, i) => ({ event: e as unknown as AxEvent, where: `row ${i + 2}` })) };
    } catch (error) {
      return { error: (error as Error).message, bad: null };
    }
  }
  if (format === 'otlp-logs') {
    try {
      const doc = JSON.parse(text) as { resourceLogs: { scopeLogs: { logRecords: { eventName: string; body: { stringValue: string } }[] }[] }[] };
      const records = doc.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)).filter((r) => r.eventName.startsWith('axtrace.'));
      return { events: records.map((r, i) => ({ event: JSON.parse(r.body.stringValue) as AxEvent, where: `log record ${i + 1}` })) };
    } catch (error) {
      return { error: `not an OTLP/JSON logs document (${(error as Error).message})`, bad: null };
    }
  }
  const events: { event: AxEvent; where: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    try {
      events.push({ event: JSON.parse(lines[i]) as AxEvent, where: `line ${i + 1}` });
    } catch {
      const id = lines[i].match(/"id":"([0-9A-Z]{26})"/)?.[1] ?? 'unknown';
      return { error: `line ${i + 1} is not JSON`, bad: { id, where: `line ${i + 1}: not JSON` } };
    }
  }
  return { events };
}

function sniff(text: string): ExportFormat {
  const start = text.trimStart();
  if (start.startsWith('{"resourceLogs"')) return 'otlp-logs';
  if (start.startsWith('{"resourceSpans"')) return 'otlp-traces';
  if (start.startsWith('[')) return 'langfuse-scores';
  if (start.startsWith('{')) return 'ndjson';
  return 'csv';
}
