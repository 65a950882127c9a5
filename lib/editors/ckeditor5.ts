import type { EditorHandle } from './types';
import { BRIDGE_EVENT, TARGET_ATTR, type BridgeInsert } from './bridge-protocol';
import { toParagraphHtml } from './paragraph-html';

/**
 * CKEditor 5 reverts direct DOM edits and execCommand. Text goes in through the editor's own model,
 * via the main-world bridge; where that bridge cannot run (Firefox MV2 has no main-world content
 * scripts), a paste carrying text/html — which CKEditor's clipboard pipeline accepts — does.
 */
export function ckeditor5Editor(element: HTMLElement): EditorHandle {
  return {
    kind: 'contenteditable',
    element,
    read: () => element.innerText,
    focus: () => element.focus({ preventScroll: true }),
    insert(text, mode) {
      const before = element.innerText;
      const nonce = randomNonce();
      element.setAttribute(TARGET_ATTR, nonce);
      const command: BridgeInsert = { v: 1, nonce, text, mode };
      window.dispatchEvent(new CustomEvent(BRIDGE_EVENT, { detail: JSON.stringify(command) }));
      element.removeAttribute(TARGET_ATTR);
      if (element.innerText !== before) return true;
      return pasteHtml(element, text, mode);
    },
    dispose: () => undefined,
  };
}

function pasteHtml(element: HTMLElement, text: string, mode: 'insert' | 'replace'): boolean {
  element.focus();
  if (mode === 'replace') document.execCommand('selectAll');
  const before = element.innerText;
  const data = new DataTransfer();
  data.setData('text/plain', text);
  data.setData('text/html', toParagraphHtml(text));
  element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  return element.innerText !== before;
}

// crypto.randomUUID exists only in secure contexts; getRandomValues works everywhere.
function randomNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
