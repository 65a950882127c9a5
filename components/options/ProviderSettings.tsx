import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useConfig } from './useConfig';
import { requestOriginPermission } from '@/lib/util/host-permission';
import { useManaged, isManaged } from './useManaged';
import { ProviderConfig, type PilotConfig } from '@/lib/config/schema';
import type { ConnectionResult } from '@/lib/background/connection-test';

type Kind = ProviderConfig['kind'];

const KINDS: { kind: Kind; label: string; help: string }[] = [
  { kind: 'playbook', label: 'Playbook', help: 'Ranks your team’s reply templates against the customer’s message. Runs on this device: no key, no network.' },
  { kind: 'openai-compatible', label: 'OpenAI-compatible endpoint', help: 'OpenAI, Azure OpenAI (v1 API), OpenRouter, or a self-hosted Ollama, vLLM or LM Studio.' },
  { kind: 'anthropic', label: 'Anthropic', help: 'Claude models through Anthropic’s Messages API.' },
  { kind: 'chrome-ai', label: 'Chrome built-in AI', help: 'The on-device model in recent Chrome versions, where the computer supports it.' },
];

interface Draft {
  kind: Kind;
  baseUrl: string;
  model: string;
  headers: string;
  onDevice: boolean;
  apiKey: string;
}

function draftOf(p: ProviderConfig): Draft {
  return {
    kind: p.kind,
    baseUrl: 'baseUrl' in p ? p.baseUrl : '',
    model: 'model' in p ? p.model : '',
    headers: p.kind === 'openai-compatible' ? Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join('\n') : '',
    onDevice: p.kind === 'openai-compatible' && p.onDevice,
    apiKey: '',
  };
}

/** Where suggestions come from, the key (handed to the background, never shown again) and a connection test. */
export function ProviderSettings() {
  const [config, save] = useConfig();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const locked = isManaged(useManaged(), 'provider');
  useEffect(() => {
    if (config && !draft) setDraft(draftOf(config.provider));
  }, [config, draft]);
  if (!config || !draft) return null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const saveProvider = async () => {
    const parsed = ProviderConfig.safeParse(toConfig(draft));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setMessage({ ok: false, text: `${issue.path.join('.') || 'Provider'} ${issue.message}. Nothing was changed.` });
    }
    // Ask for access to the endpoint only now, and only for its origin.
    if ('baseUrl' in parsed.data) void requestOriginPermission(parsed.data.baseUrl);
    if (draft.apiKey) await browser.runtime.sendMessage({ type: 'provider.setKey', apiKey: draft.apiKey });
    await save({ ...config, provider: parsed.data });
    set({ apiKey: '' });
    setMessage({ ok: true, text: `Saved. Suggestions now come from ${KINDS.find((k) => k.kind === draft.kind)!.label}.` });
  };

  const test = async () => {
    setMessage({ ok: true, text: 'Testing the connection…' });
    const reply = (await browser.runtime.sendMessage({ type: 'provider.test' })) as { ok: boolean; result?: ConnectionResult; error?: string };
    const r = reply.result;
    if (!r) return setMessage({ ok: false, text: reply.error ?? 'No answer from AxTrace.' });
    setMessage(r.ok ? { ok: true, text: `Connected: ${r.provider} · ${r.model} answered in ${r.latencyMs} ms.` } : { ok: false, text: `${r.message} ${r.nextStep}` });
  };

  return (
    <section className="card" aria-label="Provider">
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600 }}>Suggestion provider</legend>
        {KINDS.map((k) => (
          <label key={k.kind} style={{ display: 'block', fontWeight: 400, margin: '4px 0' }}>
            <input type="radio" name="provider" checked={draft.kind === k.kind} onChange={() => set({ kind: k.kind })} /> <b>{k.label}</b> — <span className="muted">{k.help}</span>
          </label>
        ))}
      </fieldset>
      {(draft.kind === 'openai-compatible' || draft.kind === 'anthropic') && (
        <div style={{ display: 'grid', gap: 6, marginTop: 8 }}>
          <label>
            Base URL{' '}
            <input type="text" aria-label="Base URL" style={{ width: '100%' }} value={draft.baseUrl} placeholder={draft.kind === 'anthropic' ? 'https://api.anthropic.com/v1' : 'https://api.openai.com/v1'} onChange={(e) => set({ baseUrl: e.target.value })} />
          </label>
          <label>
            Model <input type="text" aria-label="Model" value={draft.model} placeholder={draft.kind === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4.1-mini'} onChange={(e) => set({ model: e.target.value })} />
          </label>
          <label>
            API key{' '}
            <input type="password" aria-label="API key" autoComplete="off" value={draft.apiKey} placeholder="Leave empty to keep the saved key" onChange={(e) => set({ apiKey: e.target.value })} />
          </label>
          {draft.kind === 'openai-compatible' && (
            <>
              <label>
                Extra headers for a gateway (one “Name: value” per line)
                <textarea style={{ minHeight: 48 }} value={draft.headers} onChange={(e) => set({ headers: e.target.value })} />
              </label>
              <label style={{ fontWeight: 400 }}>
                <input type="checkbox" checked={draft.onDevice} onChange={(e) => set({ onDevice: e.target.checked })} /> This model runs on this computer or our own network
                (exempt from masking unless “mask for on-device models” is on)
              </label>
            </>
          )}
        </div>
      )}
      <div className="row" style={{ marginTop: 8 }}>
        <button type="button" className="primary" disabled={locked} onClick={() => void saveProvider()}>
          Save provider
        </button>
        {locked && <span className="muted">The provider is set by your organisation.</span>}
        <button type="button" onClick={() => void test()}>
          Test connection
        </button>
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="provider-message">
          {message.text}
        </p>
      )}
      <PrivacyToggles config={config} save={save} />
    </section>
  );
}

function PrivacyToggles({ config, save }: { config: PilotConfig; save: (c: PilotConfig) => Promise<void> }) {
  const [patterns, setPatterns] = useState(config.redactionPatterns.join('\n'));
  const [error, setError] = useState('');
  const savePatterns = () => {
    const list = patterns.split('\n').map((p) => p.trim()).filter(Boolean);
    const bad = list.find((p) => !isRegExp(p));
    if (bad) return setError(`“${bad}” is not a valid pattern. Nothing was changed.`);
    setError('');
    void save({ ...config, redactionPatterns: list });
  };
  return (
    <div style={{ marginTop: 12 }}>
      <p className="muted">Before a remote provider is called, emails, phone numbers, card numbers and IBANs are replaced by placeholders, and put back in the suggestion.</p>
      <label style={{ fontWeight: 400, display: 'block' }}>
        <input type="checkbox" checked={config.privacy.maskOnDevice} onChange={(e) => void save({ ...config, privacy: { maskOnDevice: e.target.checked } })} /> Mask for
        on-device models too
      </label>
      <label style={{ display: 'block', marginTop: 6 }}>
        Extra patterns to mask (regular expressions, one per line)
        <textarea style={{ minHeight: 48 }} value={patterns} onChange={(e) => setPatterns(e.target.value)} onBlur={savePatterns} />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}

function toConfig(d: Draft): unknown {
  if (d.kind === 'playbook' || d.kind === 'chrome-ai') return { kind: d.kind };
  if (d.kind === 'anthropic') return { kind: 'anthropic', baseUrl: d.baseUrl.trim() || undefined, model: d.model.trim() };
  const headers = Object.fromEntries(
    d.headers
      .split('\n')
      .map((l) => l.split(/:(.*)/s).map((s) => s.trim()))
      .filter(([k]) => k),
  );
  return { kind: 'openai-compatible', baseUrl: d.baseUrl.trim(), model: d.model.trim(), headers, onDevice: d.onDevice };
}

function isRegExp(p: string): boolean {
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}
