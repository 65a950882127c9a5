import { useState } from 'react';
import { browser } from 'wxt/browser';
import { useConfig } from './useConfig';
import { CUSTOM_FIELDS, customAdapterId, type CustomAdapterSpec } from '@/lib/adapters/custom-spec';
import { CustomAdapterSpecSchema, exportCustomAdapters, mergeCustomAdapters, parseCustomAdapterFile } from '@/lib/config/custom-adapter-schema';
import { downloadText } from '@/lib/util/download';

type Message = { ok: boolean; text: string } | null;

/** Adapters the team taught AxTrace: teach a new app, review and edit, share as JSON. */
export function CustomAdapters() {
  const [config, save] = useConfig();
  const [message, setMessage] = useState<Message>(null);
  const [pageUrl, setPageUrl] = useState('');
  if (!config) return null;
  const adapters = config.customAdapters;

  const persist = async (next: CustomAdapterSpec[], text: string) => {
    await save({ ...config, customAdapters: next });
    setMessage({ ok: true, text });
  };

  const importFiles = async (files: FileList | null) => {
    let merged = adapters;
    for (const file of files ?? []) {
      const parsed = parseCustomAdapterFile(await file.text(), file.name);
      if (!parsed.ok) return setMessage({ ok: false, text: `${parsed.error} Nothing was changed.` });
      merged = mergeCustomAdapters(merged, parsed.adapters);
    }
    await persist(merged, `Imported. ${merged.length} custom adapter${merged.length === 1 ? '' : 's'} in use.`);
  };

  const teach = async () => {
    let url: URL;
    try {
      url = new URL(pageUrl);
      if (!/^https?:$/.test(url.protocol)) throw new Error();
    } catch {
      return setMessage({ ok: false, text: 'Enter the address of one of the app’s pages, starting with https://' });
    }
    await openAndTeach(url.href);
    setMessage({ ok: true, text: 'The page opened with the teaching panel. Pick the elements there and save.' });
  };

  return (
    <>
      <h2>Custom adapters</h2>
      <section className="card" aria-label="Custom adapters">
        <p className="muted">
          Teach AxTrace an app no built-in adapter knows: open one of its pages, pick the reply box, send button, subject, customer and messages, and
          save. Share the result with your team as a file.
        </p>
        <div className="row">
          <input type="text" aria-label="Address of a page in the app" placeholder="https://desk.example.com/tickets/123" value={pageUrl} onChange={(e) => setPageUrl(e.target.value)} style={{ flex: 1 }} />
          <button type="button" onClick={() => void teach()}>
            Open and teach
          </button>
        </div>
        {adapters.length === 0 && <p className="muted">No custom adapters yet.</p>}
        {adapters.map((spec) => (
          <AdapterEditor
            key={spec.id}
            spec={spec}
            onSave={(next) => persist(adapters.map((a) => (a.id === spec.id ? next : a)), `Saved ${next.name}.`)}
            onRemove={() => persist(adapters.filter((a) => a.id !== spec.id), `Removed ${spec.name}.`)}
            onError={(text) => setMessage({ ok: false, text })}
          />
        ))}
        <div className="row">
          <button type="button" disabled={adapters.length === 0} onClick={() => downloadText('axtrace-custom-adapters.json', exportCustomAdapters(adapters))}>
            Export as JSON
          </button>
          <label>
            Import JSON <input type="file" accept="application/json,.json" multiple aria-label="Import custom adapters" onChange={(e) => void importFiles(e.target.files)} />
          </label>
        </div>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} data-testid="custom-adapters-message">
            {message.text}
          </p>
        )}
      </section>
    </>
  );
}

interface EditorProps {
  spec: CustomAdapterSpec;
  onSave(next: CustomAdapterSpec): Promise<void>;
  onRemove(): Promise<void>;
  onError(text: string): void;
}

function AdapterEditor({ spec, onSave, onRemove, onError }: EditorProps) {
  const [draft, setDraft] = useState(spec);
  const save = () => {
    const parsed = CustomAdapterSpecSchema.safeParse({ ...draft, updatedAt: Date.now() });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return onError(`${spec.name}: ${issue.path.join('.')} ${issue.message}. Nothing was changed.`);
    }
    void onSave(parsed.data);
  };
  return (
    <details className="adapter" data-adapter={customAdapterId(spec)}>
      <summary>
        <b>{spec.name}</b> <span className="muted">{spec.matches.join(' ')}</span>
      </summary>
      <label style={{ display: 'block', marginTop: 8 }}>
        Pages (match patterns, space-separated){' '}
        <input type="text" style={{ width: '100%' }} value={draft.matches.join(' ')} onChange={(e) => setDraft({ ...draft, matches: e.target.value.split(/\s+/).filter(Boolean) })} />
      </label>
      {CUSTOM_FIELDS.map((field) => (
        <label key={field} style={{ display: 'block', marginTop: 4 }}>
          {field}{' '}
          <input
            type="text"
            style={{ width: '100%' }}
            aria-label={`${spec.name} ${field} selector`}
            value={draft.selectors[field] ?? ''}
            spellCheck={false}
            onChange={(e) => setDraft({ ...draft, selectors: { ...draft.selectors, [field]: e.target.value || undefined } })}
          />
        </label>
      ))}
      <div className="row">
        <button type="button" onClick={save}>
          Save
        </button>
        <button type="button" onClick={() => void onRemove()}>
          Remove
        </button>
      </div>
    </details>
  );
}

/** Opens the page and, once AxTrace is running there, starts the teaching panel. */
async function openAndTeach(url: string): Promise<void> {
  const tab = await browser.tabs.create({ url });
  for (let attempt = 0; attempt < 40 && tab.id !== undefined; attempt++) {
    await new Promise((r) => setTimeout(r, 500));
    const started = await browser.tabs.sendMessage(tab.id, { type: 'teach.start' }).then(() => true, () => false);
    if (started) return;
  }
}
