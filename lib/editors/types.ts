export type EditorKind = 'textarea' | 'input' | 'contenteditable';

/** How AxTrace reads and writes the editor a person types into. */
export interface EditorHandle {
  readonly kind: EditorKind;
  readonly element: HTMLElement;
  /** The editor's current text, as the host would send it. */
  read(): string;
  /**
   * Puts text into the editor through the editor itself (so the host's state and undo see it):
   * at the remembered cursor, or replacing everything. Returns false if the editor refused.
   */
  insert(text: string, mode: 'insert' | 'replace'): boolean;
  focus(): void;
  /** Stops watching the selection. */
  dispose(): void;
}
