import { useState } from 'react';
import type { ImportFile, ImportOutcome, ImportProgress } from '@/lib/stats/team-import';

interface Props {
  sources: { source: string; events: number }[];
  /** Aborting `signal` cancels the import: it is undone and answers as cancelled. */
  onImport(files: ImportFile[], progress: (p: ImportProgress) => void, signal: AbortSignal): Promise<ImportOutcome>;
  onRemove(source: string): Promise<void>;
}

/** Team leads drop their staff's NDJSON exports here; each import is labelled and can be removed. */
export function TeamImport({ sources, onImport, onRemove }: Props) {
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  // The running import's cancel: a million events take half a minute, and dropping the wrong files happens.
  const [running, setRunning] = useState<AbortController | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (source: string) => {
    setConfirming(null);
    setRemoving(source);
    try {
      await onRemove(source);
    } finally {
      setRemoving(null);
    }
  };
  const take = async (list: FileList | null) => {
    // The files themselves go to the stats worker, which streams them: nothing is read here.
    const files = [...(list ?? [])];
    if (!files.length) return;
    const controller = new AbortController();
    setRunning(controller);
    setMessage({ ok: true, text: `Checking ${files.length} file${files.length === 1 ? '' : 's'}…` });
    const r = await onImport(files, setProgress, controller.signal).finally(() => {
      setProgress(null);
      setRunning(null);
      setCancelling(false);
    });
    setMessage(r.ok ? { ok: true, text: importedText(r) } : { ok: !!r.cancelled, text: r.error });
  };
  const cancel = () => {
    running?.abort();
    setCancelling(true);
    // Waiting for another tab's import, nothing was written yet.
    setMessage({ ok: true, text: progress?.waiting ? 'Cancelling…' : 'Cancelling: undoing what was written so far…' });
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
        <input
          type="file"
          multiple
          accept=".ndjson,.json,application/x-ndjson"
          aria-label="Import team exports"
          disabled={!!running}
          onChange={(e) => {
            // take() copies the list before clearing the input, so that the same file can be chosen again (after a cancel or a fix).
            void take(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="muted">Every line is checked, each person’s chain is verified and events already here are skipped. A file with a problem changes nothing.</p>
      </div>
      {(progress || running) && (
        <p className="row">
          {progress?.waiting && <span className="muted">Waiting for the import in another dashboard tab to finish…</span>}
          {progress && !progress.waiting && (
            <>
              <progress aria-label="Import progress" max={progress.totalBytes || 1} value={progress.bytes} />
              <span className="muted">
                {progress.file}: {progress.lines.toLocaleString('en')} lines
              </span>
            </>
          )}
          {running && (
            <button type="button" disabled={cancelling} onClick={cancel}>
              Cancel import
            </button>
          )}
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
              <b>{s.source}</b> — {s.events.toLocaleString('en')} events{' '}
              {removing === s.source ? (
                <span className="muted" role="status">
                  Removing…
                </span>
              ) : confirming === s.source ? (
                // A large import takes a while to bring back: removing it is asked twice.
                <span role="group" aria-label={`Remove ${s.source}?`}>
                  Remove its events from the dashboard?{' '}
                  <button type="button" onClick={() => void remove(s.source)} aria-label={`Yes, remove ${s.source}`} autoFocus>
                    Yes, remove
                  </button>{' '}
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirming(s.source)} aria-label={`Remove ${s.source}`} disabled={removing !== null}>
                  Remove
                </button>
              )}
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
