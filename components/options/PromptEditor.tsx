import { useEffect, useState } from 'react';
import { loadPromptLibrary, savePromptLibrary } from '@/lib/ai/prompt-store';
import { PROMPT_FIELDS, latestVersions, promptHash, withPromptEdit, type PromptTemplate } from '@/lib/ai/prompts';

/** The prompt behind each workflow for remote providers. Saving an edit adds a version; old ones stay. */
export function PromptEditor() {
  const [library, setLibrary] = useState<PromptTemplate[] | null>(null);
  const [editing, setEditing] = useState<PromptTemplate | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => void loadPromptLibrary().then(setLibrary), []);
  if (!library) return null;
  const current = latestVersions(library);

  const save = async () => {
    if (!editing) return;
    const next = withPromptEdit(library, editing);
    if (next === library) return setMessage('No change, so no new version.');
    await savePromptLibrary(next);
    setLibrary(next);
    const saved = latestVersions(next).find((p) => p.id === editing.id)!;
    setMessage(`Saved ${saved.title} as version ${saved.version}. Earlier versions are kept, and suggestions name the version they used.`);
    setEditing(null);
  };

  return (
    <>
      <h2>Prompts</h2>
      <section className="card" aria-label="Prompts">
        <p className="muted">Used by the AI providers (the Playbook uses templates). Placeholders: {PROMPT_FIELDS.map((f) => `{{${f}}}`).join(' ')} — only the fields a prompt declares are sent.</p>
        <table>
          <tbody>
            {current.map((p) => (
              <tr key={p.id}>
                <td>
                  <b>{p.title}</b> <span className="muted">{p.id}</span>
                </td>
                <td>v{p.version}</td>
                <td className="muted">{promptHash(p).slice(0, 10)}</td>
                <td>
                  <button type="button" onClick={() => setEditing(p)} aria-label={`Edit ${p.title}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && (
          <form aria-label={`Edit prompt ${editing.title}`} onSubmit={(e) => (e.preventDefault(), void save())} style={{ marginTop: 8 }}>
            <label style={{ display: 'block' }}>
              Instructions (system)
              <textarea value={editing.system} onChange={(e) => setEditing({ ...editing, system: e.target.value })} />
            </label>
            <label style={{ display: 'block' }}>
              Request
              <textarea value={editing.user} onChange={(e) => setEditing({ ...editing, user: e.target.value })} />
            </label>
            <fieldset>
              <legend>Context this prompt may send</legend>
              {PROMPT_FIELDS.map((f) => (
                <label key={f} style={{ fontWeight: 400, marginRight: 10 }}>
                  <input
                    type="checkbox"
                    checked={editing.fields.includes(f)}
                    onChange={(e) => setEditing({ ...editing, fields: e.target.checked ? [...editing.fields, f] : editing.fields.filter((x) => x !== f) })}
                  />{' '}
                  {f}
                </label>
              ))}
            </fieldset>
            <div className="row">
              <button type="submit" className="primary">
                Save as new version
              </button>
              <button type="button" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
        {message && <p role="status" className="ok">{message}</p>}
      </section>
    </>
  );
}
