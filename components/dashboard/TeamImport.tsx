import { useState } from 'react';
import type { ImportFile, ImportOutcome, ImportProgress } from '@/lib/stats/team-import';

interface Props {
  sources: { source: string; events: number }[];
  onImport(files: ImportFile[], progress: (p: ImportProgress) => void): Promise<ImportOutcome>;
  onRemove(source: string): Promise<void>;
}

/** Team leads drop their staff's NDJSON exports here; each import is labelled and can be removed. */
export function TeamImport({ sources, onImport, onRemove }: Props) {
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const take = async (list: FileList | null) => {
    // The files themselves go to the stats worker, which streams them: nothing is read here.
    const files = [...(list ?? [])];
    if (!files.length) return;
    setMessage({ ok: true, text: `Checking ${files.length} file${files.length === 1 ? '' : 's'}…` });
    const r = await onImport(files, setProgress).finally(() => setProgress(null));
    setMessage(r.ok ? { ok: true, text: importedText(r) } : { ok: false, text: r.error });
  };
  return (
    <section className="card" aria-label="Team data">
      <h2 style={{ marginTop: 0 }}>Team data</h2>
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void take(e.dataTransfer.files);
        }}
      >
        <p>Drop your team’s AxTrace exports (NDJSON) here, or</p>
        <input type="file" multiple accept=".ndjson,.json,application/x-ndjson" aria-label="Import team exports" onChange={(e) => void take(e.target.files)} />
        <p className="muted">Every line is checked, each person’s chain is verified and events already here are skipped. A file with a problem changes nothing.</p>
      </div>
      {progress && (
        <p className="row">
          <progress aria-label="Import progress" max={progress.totalBytes || 1} value={progress.bytes} />
          <span className="muted">
            {progress.file}: {progress.lines.toLocaleString('en')} lines
          </span>
        </p>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="import-message">
          {message.text}
        </p>
      )}
      {sources.length > 0 && (
        <ul aria-label="Imported sources">
          {sources.map((s) => (
            <li key={s.source}>
              <b>{s.source}</b> — {s.events} events{' '}
              <button type="button" onClick={() => void onRemove(s.source)} aria-label={`Remove ${s.source}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function importedText(r: Extract<ImportOutcome, { ok: true }>): string {
  const expired = r.expired ? `, ${r.expired} older than the retention period left out` : '';
  const counts = `${r.duplicates} already known${expired}`;
  // With nothing added no file brought anything: "from …" would name none (and some may have been too old, not known).
  return r.sources.length ? `Imported ${r.added} events (${counts}) from ${r.sources.join(', ')}.` : `Nothing to add: ${counts}.`;
}
