import type { EditorHandle } from './types';
import { BRIDGE_EVENT, TARGET_ATTR, type BridgeInsert } from './bridge-protocol';

/**
 * Editors that keep their own model (CKEditor 5, Froala) take text through their API, via the
 * main-world bridge. When the bridge is not there (another browser, a page the bridge does not
 * run on), `fallback` inserts the best way the content script can.
 */
export function bridgedEditor(element: HTMLElement, fallback: (text: string, mode: 'insert' | 'replace') => boolean): EditorHandle {
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
      return element.innerText !== before || fallback(text, mode);
    },
    dispose: () => undefined,
  };
}

// crypto.randomUUID exists only in secure contexts; getRandomValues works everywhere.
function randomNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
