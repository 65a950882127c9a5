/**
 * The one command the main-world bridge understands. The content script marks the target editor
 * with a one-time nonce attribute and sends the command as a JSON string in a CustomEvent (strings
 * cross the isolated/main world boundary unchanged). The bridge answers nothing: the content
 * script checks the editor itself afterwards.
 */
export const BRIDGE_EVENT = 'axtrace:editor-insert';
export const TARGET_ATTR = 'data-axtrace-target';

export interface BridgeInsert {
  v: 1;
  nonce: string;
  text: string;
  mode: 'insert' | 'replace';
}
