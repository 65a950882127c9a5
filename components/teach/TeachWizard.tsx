import { useEffect, useRef, useState } from 'react';
import { trusted } from '../panel/trusted';
import { CUSTOM_FIELDS, slugify, type CustomAdapterSpec, type CustomField, type CustomSelectors } from '@/lib/adapters/custom-spec';
import { WORKFLOWS, type Workflow } from '@/lib/log/constants';
import { pickElement } from '@/lib/picker/element-picker';
import { proposeSelectors, type SelectorProposal } from '@/lib/picker/selector-proposals';
import { previewField } from '@/lib/picker/field-preview';

const FIELD_LABELS: Record<CustomField, { label: string; hint: string }> = {
  editor: { label: 'Reply box', hint: 'Click the box where you type your reply' },
  send: { label: 'Send button', hint: 'Click the button that sends or saves the reply' },
  subject: { label: 'Subject', hint: 'Click the record’s subject or title' },
  requester: { label: 'Customer', hint: 'Click the customer’s (requester’s) name' },
  message: { label: 'Messages', hint: 'Click one message of the conversation; AxTrace finds the others like it' },
};

export interface TeachWizardProps {
  doc: Document;
  existing: CustomAdapterSpec | null;
  onSave(spec: CustomAdapterSpec): Promise<{ ok: boolean; error?: string }>;
  onClose(): void;
}

/** Teaches AxTrace a new app: pick each element on the page, see what it reads, save. */
export function TeachWizard({ doc, existing, onSave, onClose }: TeachWizardProps) {
  const host = doc.location.hostname;
  const [name, setName] = useState(existing?.name ?? host);
  const [pattern, setPattern] = useState(existing?.matches.join(' ') ?? `${doc.location.protocol}//${host}/*`);
  const [workflow, setWorkflow] = useState<Workflow>(existing?.workflow ?? 'reply');
  const [selectors, setSelectors] = useState<Partial<CustomSelectors>>(existing?.selectors ?? {});
  const [proposals, setProposals] = useState<Partial<Record<CustomField, SelectorProposal[]>>>({});
  const [picking, setPicking] = useState<CustomField | null>(null);
  const [status, setStatus] = useState('');
  const [, setTick] = useState(0);
  const abortPick = useRef<AbortController | null>(null);

  // The preview follows the page as it changes (SPA navigation, messages arriving).
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => {
      clearInterval(timer);
      abortPick.current?.abort();
    };
  }, []);

  const pick = async (field: CustomField) => {
    abortPick.current?.abort();
    abortPick.current = new AbortController();
    setPicking(field);
    setStatus(`${FIELD_LABELS[field].hint}. Esc cancels.`);
    const el = await pickElement({ doc, signal: abortPick.current.signal });
    setPicking(null);
    if (!el) return setStatus('Picking cancelled.');
    const target = field === 'editor' ? editableTarget(el) : field === 'send' ? (el.closest('button, [role="button"], input[type="submit"]') ?? el) : el;
    const list = proposeSelectors(target, field === 'message' ? 'list' : 'single');
    setProposals((p) => ({ ...p, [field]: list }));
    if (list[0]) setSelectors((s) => ({ ...s, [field]: list[0].selector }));
    setStatus(list[0] ? `${FIELD_LABELS[field].label}: picked.` : 'AxTrace could not describe that element; type a selector instead.');
  };

  const spec = (): CustomAdapterSpec => ({
    id: existing?.id ?? slugify(name),
    name: name.trim(),
    matches: pattern.split(/\s+/).filter(Boolean),
    workflow,
    selectors: Object.fromEntries(Object.entries(selectors).filter(([, v]) => v?.trim())) as unknown as CustomSelectors,
    updatedAt: Date.now(),
  });

  const save = async () => {
    if (!selectors.editor?.trim()) return setStatus('Pick the reply box first: AxTrace needs to know where you type.');
    setStatus('Saving…');
    const result = await onSave(spec());
    setStatus(result.ok ? `Saved. AxTrace now uses “${name.trim()}” on pages matching ${pattern}.` : `Not saved: ${result.error}`);
  };

  return (
    <section className="ax-teach" role="dialog" aria-label="Teach AxTrace this app" data-picking={picking ?? undefined}>
      <header className="ax-head">
        <span className="ax-brand">Teach AxTrace this app</span>
        <button type="button" className="ax-icon" aria-label="Close" onClick={trusted(onClose)}>
          ✕
        </button>
      </header>
      <label className="ax-label">
        Name
        <input className="ax-input" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="ax-label">
        Pages (match patterns, space-separated)
        <input className="ax-input" value={pattern} onChange={(e) => setPattern(e.target.value)} spellCheck={false} />
      </label>
      <label className="ax-label">
        What people write here
        <select className="ax-input" value={workflow} onChange={(e) => setWorkflow(e.target.value as Workflow)}>
          {WORKFLOWS.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </label>
      {CUSTOM_FIELDS.map((field) => (
        <FieldRow
          key={field}
          field={field}
          selector={selectors[field] ?? ''}
          proposals={proposals[field] ?? []}
          picking={picking === field}
          preview={previewField(doc, field, selectors[field] ?? '')}
          onPick={() => void pick(field)}
          onChange={(value) => setSelectors((s) => ({ ...s, [field]: value }))}
        />
      ))}
      <div className="ax-actions">
        <button type="button" className="ax-btn ax-btn-primary" onClick={trusted(() => void save())}>
          Save adapter
        </button>
        <button type="button" className="ax-btn" onClick={trusted(onClose)}>
          Close
        </button>
      </div>
      <p className="ax-status" role="status" aria-live="polite" data-testid="axtrace-teach-status">
        {status}
      </p>
    </section>
  );
}

interface FieldRowProps {
  field: CustomField;
  selector: string;
  proposals: SelectorProposal[];
  picking: boolean;
  preview: { ok: boolean; text: string };
  onPick(): void;
  onChange(value: string): void;
}

function FieldRow({ field, selector, proposals, picking, preview, onPick, onChange }: FieldRowProps) {
  const { label } = FIELD_LABELS[field];
  return (
    <fieldset className="ax-field" data-field={field}>
      <legend>
        {label}
        {field === 'editor' ? ' (required)' : ''}
      </legend>
      <div className="ax-other">
        <input className="ax-input" aria-label={`${label} selector`} value={selector} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
        <button type="button" className="ax-btn" aria-pressed={picking} onClick={trusted(onPick)}>
          {picking ? 'Picking…' : 'Pick'}
        </button>
      </div>
      {proposals.length > 1 && (
        <select className="ax-input ax-proposals" aria-label={`Other selectors for ${label}`} value={selector} onChange={(e) => onChange(e.target.value)}>
          {proposals.map((p) => (
            <option key={p.selector} value={p.selector}>
              {p.selector} — {p.basis}, {p.matches} match{p.matches === 1 ? '' : 'es'}
            </option>
          ))}
        </select>
      )}
      <p className={preview.ok ? 'ax-muted ax-preview' : 'ax-muted ax-preview ax-preview-missing'} data-testid={`axtrace-preview-${field}`}>
        {preview.text}
      </p>
    </fieldset>
  );
}

/** A click can land on a paragraph inside a rich editor: the editor is its editable root. */
function editableTarget(el: Element): Element {
  if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') return el;
  let root: Element = el;
  while (root.parentElement && (root.parentElement as HTMLElement).isContentEditable) root = root.parentElement;
  return root;
}
