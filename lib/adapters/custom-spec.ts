import type { Workflow } from '../log/constants';

/**
 * A site adapter a team defines without code (DESIGN.md: `custom:<name>`): where the editor, the
 * send button and the record's context are on an app no built-in adapter knows. The zod schema in
 * lib/config/custom-adapter-schema.ts validates it; this plain type keeps zod out of the content
 * script.
 */
export interface CustomAdapterSpec {
  /** Slug; the adapter id in the log is `custom:<id>`. */
  id: string;
  name: string;
  /** WebExtension match patterns, e.g. `https://desk.example.com/tickets/*`. */
  matches: string[];
  workflow: Workflow;
  selectors: CustomSelectors;
  updatedAt: number;
}

export interface CustomSelectors {
  editor: string;
  send?: string;
  subject?: string;
  requester?: string;
  /** Matches every message of the thread, in page order (oldest first, as most apps show them). */
  message?: string;
}

export type CustomField = keyof CustomSelectors;

export const CUSTOM_FIELDS: readonly CustomField[] = ['editor', 'send', 'subject', 'requester', 'message'];

export const customAdapterId = (spec: Pick<CustomAdapterSpec, 'id'>) => `custom:${spec.id}`;

/** A slug from a name: lowercase letters, digits and dashes. */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'app'
  );
}
