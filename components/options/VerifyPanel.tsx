import { useState } from 'react';
import { verifyExport, type VerifyReport } from '@/lib/export/verify';
import type { Manifest } from '@/lib/export/exporter';

/** Checks an export file against its manifest: chain, Merkle root, count and file hash. */
export function VerifyPanel() {
  const [report, setReport] = useState<{ file: string; report: VerifyReport } | { error: string } | null>(null);
  const check = async (list: FileList | null) => {
    const files = await Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
    const manifestFile = files.find((f) => f.name.endsWith('.manifest.json'));
    const data = files.find((f) => f !== manifestFile);
    if (!data) return setReport({ error: 'Choose the export file (and its .manifest.json beside it).' });
    let manifest: Manifest | null = null;
    try {
      manifest = manifestFile ? (JSON.parse(manifestFile.text) as Manifest) : null;
    } catch {
      return setReport({ error: `${manifestFile!.name} is not JSON.` });
    }
    setReport({ file: data.name, report: verifyExport(data.text, manifest) });
  };
  return (
    <>
      <h2>Verify an export</h2>
      <section className="card" aria-label="Verify an export">
        <label>
          Export file and manifest <input type="file" multiple aria-label="Files to verify" onChange={(e) => void check(e.target.files)} />
        </label>
        {report && 'error' in report && <p role="alert" className="error">{report.error}</p>}
        {report && 'report' in report && (
          <div data-testid="verify-result">
            <p role="status" className={report.report.ok ? 'ok' : 'error'}>
              {report.report.ok
                ? `${report.file}: verified — ${report.report.events} events, nothing changed.`
                : `${report.file}: does not verify${report.report.firstBadEvent ? ` — first bad event ${report.report.firstBadEvent.id} (${report.report.firstBadEvent.where})` : ''}.`}
            </p>
            <ul>
              {report.report.checks.map((c) => (
                <li key={c.name}>
                  {c.ok ? '✓' : '✗'} {c.name}: {c.detail}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    </>
  );
}
