import type { TaskContext } from './context';

// Helpers over the context, kept apart from the zod schema so the content script stays small.
export const EMPTY_CONTEXT: TaskContext = { recordId: null, subject: null, requester: null, thread: [], fields: {} };

/** The latest message from the customer, or the latest message at all when roles are unknown. */
export function latestCustomerMessage(ctx: TaskContext): string | null {
  return (ctx.thread.find((m) => m.role === 'customer') ?? ctx.thread[0])?.text ?? null;
}

/** Names of the context fields that hold something, for the "why" line and the log. */
export function presentFields(ctx: TaskContext): string[] {
  const out: string[] = [];
  if (ctx.recordId) out.push('recordId');
  if (ctx.subject) out.push('subject');
  if (ctx.requester?.name) out.push('requester.name');
  if (ctx.requester?.email) out.push('requester.email');
  if (ctx.requester?.company) out.push('requester.company');
  if (ctx.thread.length) out.push('thread');
  for (const key of Object.keys(ctx.fields)) out.push(`fields.${key}`);
  return out;
}
