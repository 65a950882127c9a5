import type { SyntheticEvent } from 'react';

/**
 * Wraps a panel action so it runs only for real user input. A page script can reach the panel's
 * buttons in the DOM and call click() on them, but such events are never trusted.
 */
export function trusted<E extends SyntheticEvent>(action: (e: E) => void) {
  return (e: E) => {
    if (!e.nativeEvent.isTrusted) {
      e.preventDefault();
      return;
    }
    action(e);
  };
}
