import { useId, useState } from 'react';
import { useConfig } from './useConfig';
import { ProviderSettings } from './ProviderSettings';
import { useManaged, isManaged } from './useManaged';
import type { CaptureLevel } from '@/lib/log/schema';

const CAPTURE: { value: CaptureLevel; label: string; help: string }[] = [
  { value: 'metadata', label: 'Metadata only', help: 'Lengths, hashes and decisions. No text is stored. (Recommended)' },
  { value: 'redacted', label: 'Redacted text', help: 'Text is stored with emails, phone numbers, card numbers and IBANs masked.' },
  { value: 'full', label: 'Full text', help: 'Suggestions and sent replies are stored as they are.' },
];

export function GeneralSettings() {
  const [config, save] = useConfig();
  const [saved, setSaved] = useState('');
  const managed = useManaged();
  const agentId = useId();
  if (!config) return <p className="muted">Loading settings…</p>;

  const update = async (patch: Partial<typeof config>) => {
    await save({ ...config, ...patch });
    setSaved('Saved.');
  };

  return (
    <>
      <h2>Assistant</h2>
      <ProviderSettings />
      <section className="card" aria-label="Your name">
        <div className="row" style={{ marginTop: 12 }}>
          <label htmlFor={agentId}>Your name in replies</label>
          <input
            id={agentId}
            type="text"
            defaultValue={config.agentName}
            placeholder="e.g. Sam"
            onBlur={(e) => e.target.value !== config.agentName && void update({ agentName: e.target.value.slice(0, 100) })}
          />
        </div>
      </section>

      <h2>Privacy</h2>
      <section className="card" aria-label="Capture level">
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600 }}>
            What text may be stored in the log{isManaged(managed, 'captureLevel') && <span className="muted"> — set by your organisation</span>}
          </legend>
          {CAPTURE.map((c) => (
            <label key={c.value} style={{ display: 'block', fontWeight: 400, margin: '6px 0' }}>
              <input type="radio" name="capture" value={c.value} checked={config.captureLevel === c.value} disabled={isManaged(managed, 'captureLevel')} onChange={() => void update({ captureLevel: c.value })} />{' '}
              <b>{c.label}</b> — <span className="muted">{c.help}</span>
            </label>
          ))}
        </fieldset>
        <p role="status" className="ok">{saved}</p>
      </section>
    </>
  );
}
