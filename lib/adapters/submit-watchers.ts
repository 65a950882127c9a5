import type { EditorHandle } from '../editors/types';
import type { SubmitTrigger } from './types';

/** Send detection for apps whose send is a button (no form): a trusted click on it, or Ctrl/Cmd+Enter. */
export function watchButtonAndShortcut(
  doc: Document,
  editor: EditorHandle,
  sendButton: () => Element | null,
  onSubmit: (trigger: SubmitTrigger, text: string) => void,
): () => void {
  const once = sendOnce();
  const fire = (trigger: SubmitTrigger) => {
    const text = editor.read();
    if (text.trim() && once(text)) onSubmit(trigger, text);
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

/**
 * One gesture is one send, even when it reaches us twice (a shortcut and then a click or form
 * submit): the same text within a second counts once. A different text is a new send, however soon.
 */
export function sendOnce(windowMs = 1000): (text: string) => boolean {
  let last = { at: 0, text: '' };
  return (text) => {
    const now = Date.now();
    if (text === last.text && now - last.at < windowMs) return false;
    last = { at: now, text };
    return true;
  };
}

// Events from a same-origin frame carry nodes of that frame's realm: no instanceof Node.
function isNode(target: EventTarget | null): target is Node {
  return typeof (target as Node | null)?.nodeType === 'number';
}
