import type { EditorHandle } from './types';
import { bridgedEditor } from './bridged';
import { contentEditableEditor } from './contenteditable';

/**
 * Froala keeps its own undo stack, which DOM-level insertion bypasses: through the bridge, text goes
 * in with Froala's html.insert between two undo steps; without it, as in any contenteditable.
 */
export function froalaEditor(element: HTMLElement): EditorHandle {
  const plain = contentEditableEditor(element);
  return { ...bridgedEditor(element, (text, mode) => plain.insert(text, mode)), read: () => readWithoutBanner(element), dispose: plain.dispose };
}

// An unlicensed Froala adds a "Powered by Froala" paragraph inside the editable; it is not the reply.
function readWithoutBanner(element: HTMLElement): string {
  const banner = element.querySelector('[data-f-id="pbf"]');
  if (!banner) return element.innerText;
  return element.innerText.replace((banner as HTMLElement).innerText, '').trim();
}
