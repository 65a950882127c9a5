import type { EditorHandle } from './types';
import { textFieldEditor } from './textarea';
import { contentEditableEditor } from './contenteditable';

/** Makes a handle for an element a person types into, or null if it is not an editor. */
export function editorFor(element: Element | null): EditorHandle | null {
  if (!element) return null;
  // Tag names, not instanceof: editors inside same-origin frames come from another realm.
  const tag = element.tagName;
  if (tag === 'TEXTAREA') return textFieldEditor(element as HTMLTextAreaElement);
  if (tag === 'INPUT' && ['text', 'search', ''].includes((element as HTMLInputElement).type)) return textFieldEditor(element as HTMLInputElement);
  if ((element as HTMLElement).isContentEditable) return contentEditableEditor(editableRoot(element as HTMLElement));
  return null;
}

/** The outermost contenteditable element, which is the editor's root. */
export function editableRoot(element: HTMLElement): HTMLElement {
  let root = element;
  while (root.parentElement?.isContentEditable) root = root.parentElement;
  return root;
}

export function isEditable(element: Element): element is HTMLElement {
  if (element instanceof HTMLTextAreaElement) return !element.disabled && !element.readOnly;
  return element instanceof HTMLElement && element.isContentEditable;
}
