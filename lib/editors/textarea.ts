import type { EditorHandle } from './types';

type TextField = HTMLTextAreaElement | HTMLInputElement;

/**
 * Plain and React-controlled text fields. execCommand('insertText') goes through the browser's
 * own editing path: it fires beforeinput/input, keeps native undo, and leaves the caret after
 * the text. Where it is refused, the native value setter plus an input event still updates
 * React's controlled state (React tracks the value through the prototype setter).
 */
export function textFieldEditor(element: TextField): EditorHandle {
  return {
    kind: element.tagName === 'TEXTAREA' ? 'textarea' : 'input',
    element,
    read: () => element.value,
    focus: () => element.focus({ preventScroll: true }),
    insert(text, mode) {
      element.focus({ preventScroll: true });
      if (mode === 'replace') element.select();
      const before = element.value;
      const { selectionStart: start, selectionEnd: end } = element;
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only API that keeps native undo
      const done = element.ownerDocument.execCommand('insertText', false, text);
      if (done && element.value !== before) return true;
      const from = mode === 'replace' ? 0 : (start ?? before.length);
      const to = mode === 'replace' ? before.length : (end ?? before.length);
      setNativeValue(element, before.slice(0, from) + text + before.slice(to));
      element.setSelectionRange(from + text.length, from + text.length);
      const View = element.ownerDocument.defaultView ?? window;
      element.dispatchEvent(new View.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
      return element.value.includes(text);
    },
    dispose: () => undefined,
  };
}

function setNativeValue(element: TextField, value: string): void {
  // The element's own prototype (it may come from a frame's realm), as React tracks that setter.
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value')?.set;
  if (setter) setter.call(element, value);
  else element.value = value;
}
