import type { EditorHandle } from '../editors/types';
import type { SubmitTrigger } from './types';

/** Send detection for apps whose send is a button (no form): a trusted click on it, or Ctrl/Cmd+Enter. */
export function watchButtonAndShortcut(
  doc: Document,
  editor: EditorHandle,
  sendButton: () => Element | null,
  onSubmit: (trigger: SubmitTrigger, text: string) => void,
): () => void {
  let lastFired = 0;
  const fire = (trigger: SubmitTrigger) => {
    const text = editor.read();
    if (!text.trim() || Date.now() - lastFired < 1000) return;
    lastFired = Date.now();
    onSubmit(trigger, text);
  };
  const onClick = (e: MouseEvent) => {
    const button = sendButton();
    if (e.isTrusted && button && isNode(e.target) && button.contains(e.target)) fire('button');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.isTrusted && e.key === 'Enter' && (e.ctrlKey || e.metaKey) && isNode(e.target) && editor.element.contains(e.target)) fire('shortcut');
  };
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('keydown', onKey, true);
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('keydown', onKey, true);
  };
}

// Events from a same-origin frame carry nodes of that frame's realm: no instanceof Node.
function isNode(target: EventTarget | null): target is Node {
  return typeof (target as Node | null)?.nodeType === 'number';
}
