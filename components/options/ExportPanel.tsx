import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { useConfig } from './useConfig';
import { EXPORT_FORMATS, FILE_EXTENSIONS, type ExportFilter, type ExportFormat } from '@/lib/export/exporter';
import { exportInWorker } from '@/lib/export/export-runner';
import { configHash } from '@/lib/config/store';
import { canonicalJson, sha256Hex } from '@/lib/util/hash';
import { downloadBlob, downloadText } from '@/lib/util/download';
import { parseDay } from '@/lib/export/days';
import { KEEP_FINISHED_MS, removeExportFile, sweepExportFiles } from '@/lib/export/export-file';
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
    abort.current = new AbortController();
    setMessage(null);
    setProgress({ done: 0, total: 0 });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const fileName = `axtrace-${stamp}.${FILE_EXTENSIONS[format]}`;
    const started = performance.now();
    try {
      await sweepExportFiles();
      // Read, encoded, hashed and written to disk chunk by chunk in workers: memory does not grow
      // with the log, and this page only shows the progress.
      const { manifest, file } = await exportInWorker(
        { format, fileName, filter: toFilter(filter), config: { configHash: configHash(config), thresholds: config.thresholds, captureLevel: config.captureLevel } },
        { onProgress: (done, total) => setProgress({ done, total }), signal: abort.current.signal },
      );
      const writtenMs = Math.round(performance.now() - started);
      downloadBlob(fileName, file.slice(0, file.size, MIME[format]), KEEP_FINISHED_MS);
      setTimeout(() => void removeExportFile(fileName), KEEP_FINISHED_MS);
      downloadText(`${fileName}.manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
      await browser.runtime.sendMessage({ type: 'export.created', format, count: manifest.counts.events, manifestHash: sha256Hex(canonicalJson(manifest)) });
      setMessage({ ok: true, ms: writtenMs, text: `Exported ${manifest.counts.events} events in ${writtenMs} ms. Merkle root ${manifest.merkleRoot.slice(0, 16)}…; keep the manifest with the file.` });
    } catch (error) {
      const cancelled = (error as Error).name === 'AbortError';
      setMessage({ ok: false, text: cancelled ? 'Export cancelled. No file was written.' : `Export failed: ${(error as Error).message}. No file was written.` });
    } finally {
      setProgress(null);
      abort.current = null;
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

export type { Manifest } from '@/lib/export/exporter';
