import { downloadText } from '@/lib/util/download';
import { useEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import { loadPlaybook, savePlaybook, withEdit } from '@/lib/ai/playbook-store';
import { Playbook, PlaybookTemplate } from '@/lib/ai/playbook-schema';
import { STARTER_PLAYBOOK } from '@/lib/ai/starter-playbook';
import { placeholdersIn } from '@/lib/ai/placeholders';

const BLANK: PlaybookTemplate = { id: '', title: '', domain: 'support', workflows: [], keywords: '', body: '', version: 1 };

/** The team's reply templates: search, edit (each edit is a new version), add, remove, import, export. */
export function PlaybookEditor() {
  const [templates, setTemplates] = useState<PlaybookTemplate[] | null>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<PlaybookTemplate | null>(null);
  const [isNew, setIsNew] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => void loadPlaybook().then(setTemplates), []);
  const shown = useMemo(
    () => (templates ?? []).filter((t) => `${t.title} ${t.keywords} ${t.body}`.toLowerCase().includes(query.toLowerCase())),
    [templates, query],
  );
  if (!templates) return <p className="muted">Loading playbook…</p>;

  const persist = async (next: PlaybookTemplate[], text: string) => {
    try {
      await savePlaybook(next);
      setTemplates(next);
      setMessage({ ok: true, text });
      return true;
    } catch (error) {
      setMessage({ ok: false, text: describe(error) });
      return false;
    }
  };

  const saveEdit = async () => {
    if (!editing) return;
    const parsed = PlaybookTemplate.safeParse(editing);
    if (!parsed.success) return setMessage({ ok: false, text: describe(parsed.error) });
    const previous = isNew ? undefined : templates.find((t) => t.id === parsed.data.id);
    if (isNew && templates.some((t) => t.id === parsed.data.id)) return setMessage({ ok: false, text: `A template with id "${parsed.data.id}" already exists.` });
    const next = withEdit(previous, parsed.data);
    const list = previous ? templates.map((t) => (t.id === next.id ? next : t)) : [...templates, next];
    if (await persist(list, `Saved "${next.title}" (version ${next.version}).`)) setEditing(null);
  };

  const importFile = async (file: File) => {
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      return setMessage({ ok: false, text: `${file.name} is not valid JSON. Nothing was changed.` });
    }
    const parsed = Playbook.safeParse(data);
    if (!parsed.success) return setMessage({ ok: false, text: `${file.name}: ${describe(parsed.error)} Nothing was changed.` });
    await persist(parsed.data, `Imported ${parsed.data.length} templates from ${file.name}.`);
  };

  const exportFile = () => downloadText('axtrace-playbook.json', JSON.stringify(templates, null, 2));

  return (
    <>
      <h2>Playbook</h2>
      <section className="card" aria-label="Playbook">
        <p className="muted">
          {templates.length} templates. Placeholders such as <code>{'{{requester.firstName|there}}'}</code>, <code>{'{{subject}}'}</code> and{' '}
          <code>{'{{agent.name}}'}</code> are filled from the page; the text after <code>|</code> is used when the page does not have it.
        </p>
        <div className="row">
          <input type="search" aria-label="Search templates" placeholder="Search templates" value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="button" onClick={() => { setEditing({ ...BLANK }); setIsNew(true); }}>Add template</button>
          <button type="button" onClick={exportFile}>Export JSON</button>
          <label className="row" style={{ fontWeight: 400 }}>
            Import JSON <input type="file" accept="application/json,.json" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} />
          </label>
          <button type="button" onClick={() => void persist(STARTER_PLAYBOOK, 'Restored the starter playbook.')}>Restore starter</button>
        </div>
        {message && <p role="status" className={message.ok ? 'ok' : 'error'}>{message.text}</p>}

        {editing && (
          <form className="card" aria-label={isNew ? 'New template' : `Edit ${editing.title}`} onSubmit={(e) => { e.preventDefault(); void saveEdit(); }}>
            <div className="row">
              <label>Id <input type="text" value={editing.id} disabled={!isNew} onChange={(e) => setEditing({ ...editing, id: e.target.value })} /></label>
              <label>Title <input type="text" value={editing.title} onChange={(e) => setEditing({ ...editing, title: e.target.value })} /></label>
              <label>
                Domain{' '}
                <select value={editing.domain} onChange={(e) => setEditing({ ...editing, domain: e.target.value as PlaybookTemplate['domain'] })}>
                  <option value="support">Support</option>
                  <option value="sales">Sales / CRM</option>
                </select>
              </label>
            </div>
            <label style={{ display: 'block', marginTop: 8 }}>
              Keywords customers use <input type="text" style={{ width: '100%' }} value={editing.keywords} onChange={(e) => setEditing({ ...editing, keywords: e.target.value })} />
            </label>
            <label style={{ display: 'block', marginTop: 8 }}>
              Text
              <textarea value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} />
            </label>
            <p className="muted">Placeholders: {placeholdersIn(editing.body).join(', ') || 'none'}</p>
            <div className="row">
              <button type="submit" className="primary">Save</button>
              <button type="button" onClick={() => setEditing(null)}>Cancel</button>
            </div>
          </form>
        )}

        <ul style={{ listStyle: 'none', padding: 0, margin: '12px 0 0' }}>
          {shown.map((t) => (
            <li key={t.id} className="row" style={{ borderTop: '1px solid var(--line)', padding: '8px 0' }}>
              <span style={{ flex: 1 }}>
                <b>{t.title}</b> <span className="muted">· {t.domain} · v{t.version}</span>
              </span>
              <button type="button" onClick={() => { setEditing({ ...t }); setIsNew(false); }} aria-label={`Edit ${t.title}`}>Edit</button>
              <button type="button" onClick={() => void persist(templates.filter((x) => x.id !== t.id), `Removed "${t.title}".`)} aria-label={`Remove ${t.title}`}>Remove</button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    return `${first.path.length ? `at ${first.path.join('.')}: ` : ''}${first.message}.`;
  }
  return error instanceof Error ? error.message : String(error);
}
