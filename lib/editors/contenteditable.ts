import type { EditorHandle } from './types';

/**
 * Rich-text editors built on contenteditable. The selection is remembered while the person
 * works in the editor, because opening the panel moves focus away; insertion then restores it
 * and goes through execCommand('insertText'), which dispatches beforeinput/input that editors
 * such as Quill, ProseMirror, Lexical and Draft.js handle with their own model and undo.
 */
export function contentEditableEditor(element: HTMLElement): EditorHandle {
  let saved: Range | null = null;
  const doc = element.ownerDocument;
  const onSelection = () => {
    const sel = doc.getSelection();
    if (sel && sel.rangeCount && element.contains(sel.anchorNode)) saved = sel.getRangeAt(0).cloneRange();
  };
  doc.addEventListener('selectionchange', onSelection);

  return {
    kind: 'contenteditable',
    element,
    read: () => element.innerText,
    focus: () => element.focus({ preventScroll: true }),
    insert(text, mode) {
      element.focus({ preventScroll: true });
      const sel = doc.getSelection();
      if (!sel) return false;
      if (mode === 'replace') {
        const all = doc.createRange();
        all.selectNodeContents(element);
        sel.removeAllRanges();
        sel.addRange(all);
      } else if (saved && element.contains(saved.startContainer)) {
        sel.removeAllRanges();
        sel.addRange(saved);
      } else {
        const end = doc.createRange();
        end.selectNodeContents(element);
        end.collapse(false);
        sel.removeAllRanges();
        sel.addRange(end);
      }
      const before = element.innerText;
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- fires beforeinput/input the editor listens to
      const done = doc.execCommand('insertText', false, text);
      if (done && element.innerText !== before) return true;
      // Editors that cancel execCommand still take a paste, through their own clipboard handling.
      const data = new DataTransfer();
      data.setData('text/plain', text);
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return element.innerText !== before;
    },
    dispose: () => doc.removeEventListener('selectionchange', onSelection),
  };
}
