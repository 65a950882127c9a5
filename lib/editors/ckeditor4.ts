import type { EditorHandle } from './types';
import { bridgedEditor } from './bridged';
import { contentEditableEditor } from './contenteditable';

/**
 * CKEditor 4 in its classic iframe mode: the editable is the `body` of an iframe it creates. Its undo
 * manager works on snapshots it takes itself, so text goes in through its API (editor.insertText
 * between two saveSnapshot events) via the main-world bridge; without the bridge (another browser,
 * or the editor's window out of the bridge's reach), as in any contenteditable.
 */
export function ckeditor4Editor(body: HTMLElement): EditorHandle {
  const plain = contentEditableEditor(body);
  return { ...bridgedEditor(body, (text, mode) => plain.insert(text, mode)), dispose: plain.dispose };
}
