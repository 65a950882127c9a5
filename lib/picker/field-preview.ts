import type { CustomField } from '../adapters/custom-spec';
import { queryAll } from '../adapters/custom';
import { isVisible, textOf } from '../adapters/dom';
import { editorFor } from '../editors/detect';

/** What a selector reads from the page right now, as the person teaching AxTrace will see it. */
export function previewField(doc: Document, field: CustomField, selector: string): { ok: boolean; text: string } {
  if (!selector.trim()) return { ok: false, text: 'Not set' };
  const found = queryAll(doc, selector);
  if (found.length === 0) return { ok: false, text: 'Matches nothing on this page' };
  const many = found.length > 1 ? ` (${found.length} matches; the first visible one is used)` : '';
  switch (field) {
    case 'editor': {
      const editor = editorFor(found.find(isVisible) ?? null);
      return editor ? { ok: true, text: `A ${editor.kind} editor${many}` } : { ok: false, text: 'Not something you can type into' };
    }
    case 'send':
      return { ok: true, text: `Button “${textOf(found[0], 60) || found[0].getAttribute('aria-label') || 'unnamed'}”${many}` };
    case 'message':
      return { ok: true, text: `${found.length} message${found.length === 1 ? '' : 's'}; latest: “${textOf(found[found.length - 1], 140)}”` };
    default:
      return { ok: true, text: `“${textOf(found[0], 140)}”${many}` };
  }
}
