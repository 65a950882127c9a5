import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { useConfig } from './useConfig';
import { openDb } from '@/lib/log/db';
import { EXPORT_FORMATS, FILE_EXTENSIONS, runExport, type ExportFilter, type ExportFormat, type Manifest } from '@/lib/export/exporter';
import { chainHeads, eventBatches } from '@/lib/export/event-source';
import { countEvents } from '@/lib/log/event-store';
import { configHash } from '@/lib/config/store';
import { canonicalJson, sha256Hex } from '@/lib/util/hash';
import { downloadBlob, downloadText } from '@/lib/util/download';
import { parseDay } from '@/lib/export/days';
import { KEEP_FINISHED_MS, removeExportFile, sweepExportFiles } from '@/lib/export/export-file';
import { openWorkerSink, type WorkerSink } from '@/lib/export/worker-sink';
import { CollectorSettings } from './CollectorSettings';

const FORMAT_NAMES: Record<ExportFormat, string> = {
  ndjson: 'NDJSON (full events; for team imports and audits)',
  csv: 'CSV (one row per event)',
  'otlp-logs': 'OpenTelemetry logs (OTLP/JSON)',
  'otlp-traces': 'OpenTelemetry traces for Langfuse (OTLP/JSON)',
  'langfuse-scores': 'Langfuse scores (decisions)',
};
const MIME: Record<ExportFormat, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv', 'otlp-logs': 'application/json', 'otlp-traces': 'application/json', 'langfuse-scores': 'application/json' };
type Filter = { from: string; to: string; site: string; workflow: string; team: string; actor: string };

/** Exports the local log with a manifest, streamed with progress; the export itself is logged. */
export function ExportPanel() {
  const [config] = useConfig();
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [filter, setFilter] = useState<Filter>({ from: '', to: '', site: '', workflow: '', team: '', actor: '' });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; ms?: number } | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Export files from earlier visits have long been downloaded: free their disk space.
  useEffect(() => void sweepExportFiles().catch(() => undefined), []);
  if (!config) return null;

  const start = async () => {
    const db = openDb();
    abort.current = new AbortController();
    setMessage(null);
    setProgress({ done: 0, total: 0 });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const fileName = `axtrace-${stamp}.${FILE_EXTENSIONS[format]}`;
    const started = performance.now();
    let sink: WorkerSink | null = null;
    try {
      const total = await countEvents(db);
      setProgress({ done: 0, total });
      await sweepExportFiles();
      // Written to disk chunk by chunk as it is encoded, with the hashing, by two workers (one for
      // the file, one for the Merkle tree): memory does not grow with the log.
      sink = await openWorkerSink(fileName);
      const manifest = await runExport({
        format, fileName, total, filter: toFilter(filter), batches: eventBatches(db), chainHeads: await chainHeads(db),
        config: { configHash: configHash(config), thresholds: config.thresholds, captureLevel: config.captureLevel },
        sink,
        onProgress: (done) => setProgress({ done, total }),
        signal: abort.current.signal,
      });
      if (abort.current.signal.aborted) throw new DOMException('Export cancelled', 'AbortError');
      const written = sink.file();
      const writtenMs = Math.round(performance.now() - started);
      downloadBlob(fileName, written.slice(0, written.size, MIME[format]), KEEP_FINISHED_MS);
      setTimeout(() => void removeExportFile(fileName), KEEP_FINISHED_MS);
      downloadText(`${fileName}.manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
      await browser.runtime.sendMessage({ type: 'export.created', format, count: manifest.counts.events, manifestHash: sha256Hex(canonicalJson(manifest)) });
      setMessage({ ok: true, ms: writtenMs, text: `Exported ${manifest.counts.events} events in ${writtenMs} ms. Merkle root ${manifest.merkleRoot.slice(0, 16)}…; keep the manifest with the file.` });
    } catch (error) {
      await sink?.discard();
      const cancelled = (error as Error).name === 'AbortError';
      setMessage({ ok: false, text: cancelled ? 'Export cancelled. No file was written.' : `Export failed: ${(error as Error).message}. No file was written.` });
    } finally {
      setProgress(null);
      abort.current = null;
      db.close();
    }
  };

  const field = (key: keyof typeof filter, label: string, type = 'text') => (
    <label>
      {label} <input type={type} aria-label={`Export ${label.toLowerCase()}`} value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.target.value })} />
    </label>
  );

  return (
    <>
      <h2>Export</h2>
      <section className="card" aria-label="Export">
        <p className="muted">Exports carry what this browser recorded under the capture level in force when it was recorded ({config.captureLevel} now), and a manifest that lets anyone verify them.</p>
        <div className="row">
          <label>
            Format{' '}
            <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_NAMES[f]}
                </option>
              ))}
            </select>
          </label>
          {field('from', 'From', 'date')}
          {field('to', 'To', 'date')}
          {field('site', 'Site')}
          {field('workflow', 'Workflow')}
          {field('team', 'Team')}
          {field('actor', 'Person')}
        </div>
        <div className="row" style={{ marginTop: 8 }}>
          <button type="button" className="primary" disabled={progress !== null} onClick={() => void start()}>
            Export
          </button>
          {progress && (
            <>
              <progress aria-label="Export progress" max={progress.total || 1} value={progress.done} />
              <span className="muted">
                {progress.done} / {progress.total}
              </span>
              <button type="button" onClick={() => abort.current?.abort()}>
                Cancel
              </button>
            </>
          )}
        </div>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="export-message" data-ms={message.ms}>
            {message.text}
          </p>
        )}
      </section>
      <CollectorSettings />
    </>
  );
}

function toFilter(f: Filter): ExportFilter {
  return {
    ...(f.from && parseDay(f.from) ? { from: parseDay(f.from)!.start } : {}),
    ...(f.to && parseDay(f.to) ? { to: parseDay(f.to)!.end } : {}),
    ...(f.site ? { site: f.site } : {}),
    ...(f.workflow ? { workflow: f.workflow } : {}),
    ...(f.team ? { teamId: f.team } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
  };
}

export type { Manifest };
