import type { Workflow } from '../log/schema';
import type { TaskContext } from './context';
import type { EditorHandle } from '../editors/types';

export type SubmitTrigger = 'form' | 'button' | 'shortcut';
export type Unsubscribe = () => void;

/** DESIGN.md, "Site adapter contract": an adapter knows where things are on one app's pages. */
export interface SiteAdapter {
  id: string;
  /** Match patterns, for documentation and the options page. */
  matches: string[];
  appliesTo(url: URL): boolean;
  /** The editor the person replies in, or null when the page has none right now. */
  editor(doc: Document): EditorHandle | null;
  /** With no editor on the page (side mode), adapters read what they can. */
  workflow(doc: Document, editor: EditorHandle | null): Workflow;
  context(doc: Document, editor: EditorHandle | null): TaskContext;
  /** Calls back with the final text when the host sends or saves what is in the editor. */
  submit(doc: Document, editor: EditorHandle, onSubmit: (trigger: SubmitTrigger, finalText: string) => void): Unsubscribe;
}

/** Elements of AxTrace's own UI carry this tag; adapters must never treat them as page content. */
export const PANEL_HOST_TAG = 'axtrace-panel';
