import type { EditorHandle } from './types';
import { bridgedEditor } from './bridged';
import { toParagraphHtml } from './paragraph-html';

/**
 * CKEditor 5 reverts direct DOM edits and execCommand: text goes in through its model via the
 * main-world bridge; without the bridge, a paste carrying text/html — which CKEditor's clipboard
 * pipeline accepts — does.
 */
export function ckeditor5Editor(element: HTMLElement): EditorHandle {
  return bridgedEditor(element, (text, mode) => pasteHtml(element, text, mode));
}

function pasteHtml(element: HTMLElement, text: string, mode: 'insert' | 'replace'): boolean {
  element.focus();
  if (mode === 'replace') element.ownerDocument.execCommand('selectAll');
  const before = element.innerText;
  const data = new DataTransfer();
  data.setData('text/plain', text);
  data.setData('text/html', toParagraphHtml(text));
  element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  return element.innerText !== before;
}
