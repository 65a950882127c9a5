import { useState } from 'react';
import { useConfig } from './useConfig';
import { useManaged } from './useManaged';
import { PilotConfig } from '@/lib/config/schema';
import { saveConfig } from '@/lib/config/store';
import { downloadText } from '@/lib/util/download';

/** The pilot configuration as a file: import one from the pilot manager, export the one in force. */
export function ConfigFile() {
  const [config] = useConfig();
  const managed = useManaged();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!config) return null;
  const managedKeys = Object.keys(managed.values);

  const importFile = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return setMessage({ ok: false, text: `${file.name} is not JSON. Nothing was changed.` });
    }
    const parsed = PilotConfig.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setMessage({ ok: false, text: `${file.name}: ${issue.path.join('.') || 'the file'} ${issue.message}. Nothing was changed.` });
    }
    const keys = await saveConfig(parsed.data, 'file');
    setMessage({ ok: true, text: `Applied ${file.name}: ${keys.length ? keys.join(', ') : 'nothing'} changed.${managedKeys.length ? ` Fields set by your organisation were kept.` : ''}` });
  };

  return (
    <>
      <h2>Pilot configuration</h2>
      <section className="card" aria-label="Pilot configuration">
        {managedKeys.length > 0 && (
          <p className="muted" data-testid="managed-banner">
            Set by your organisation and locked here: <b>{managedKeys.join(', ')}</b>.
            {managed.rejected.length > 0 && ` Ignored as invalid in the policy: ${managed.rejected.join(', ')}.`}
          </p>
        )}
        <p className="muted">
          Pilot <b>{config.pilotId}</b>, team <b>{config.teamId}</b>, people identified {config.identity.mode === 'named' ? `by name (${config.identity.name})` : 'pseudonymously'}, holdout{' '}
          {Math.round(config.holdoutShare * 100)}% of records, events kept {config.retentionDays ? `${config.retentionDays} days` : 'until removed'}.
        </p>
        <div className="row">
          <label>
            Import configuration <input type="file" accept=".json,application/json" aria-label="Import configuration" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
          </label>
          <button type="button" onClick={() => downloadText('axtrace-pilot-config.json', JSON.stringify(config, null, 2) + '\n')}>
            Export configuration
          </button>
        </div>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="config-message">
            {message.text}
          </p>
        )}
      </section>
    </>
  );
}
