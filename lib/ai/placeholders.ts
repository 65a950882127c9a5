import type { TaskContext } from '../adapters/context';
import { latestCustomerMessage } from '../adapters/context';

export interface FillValues {
  context: TaskContext;
  agentName: string;
}

/** Resolves a placeholder path such as `requester.firstName` against the context. */
export function resolvePlaceholder(path: string, { context, agentName }: FillValues): string | undefined {
  const name = context.requester?.name?.trim();
  const values: Record<string, string | undefined> = {
    'requester.name': name,
    'requester.firstName': name?.split(/\s+/)[0],
    'requester.email': context.requester?.email,
    'requester.company': context.requester?.company,
    subject: context.subject ?? undefined,
    recordId: context.recordId ?? undefined,
    'agent.name': agentName.trim() || undefined,
    'agent.firstName': agentName.trim().split(/\s+/)[0] || undefined,
    latestMessage: latestCustomerMessage(context) ?? undefined,
  };
  if (path.startsWith('fields.')) return context.fields[path.slice(7)]?.trim() || undefined;
  const v = values[path];
  return v && v.length ? v : undefined;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z][\w.]*)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

/**
 * Fills `{{path}}` and `{{path|fallback}}` placeholders. Returns the text and the context
 * fields it actually used; a placeholder with no value and no fallback is left visible as
 * `[path]` so the person sees what to complete before sending.
 */
export function fillPlaceholders(template: string, values: FillValues): { text: string; usedFields: string[] } {
  const used = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_m, path: string, fallback?: string) => {
    const value = resolvePlaceholder(path, values);
    if (value !== undefined) {
      used.add(path);
      return value;
    }
    return fallback !== undefined ? fallback : `[${path}]`;
  });
  return { text, usedFields: [...used] };
}

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
