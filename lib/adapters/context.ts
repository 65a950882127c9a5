import { z } from 'zod';

/** What an adapter reads from the record on screen. All of it is untrusted page text. */
export const ThreadMessage = z.object({
  author: z.string().max(200).optional(),
  role: z.enum(['customer', 'agent', 'unknown']),
  text: z.string().max(20000),
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;

export const TaskContext = z.object({
  recordId: z.string().max(200).nullable(),
  subject: z.string().max(1000).nullable(),
  requester: z
    .object({
      name: z.string().max(200).optional(),
      email: z.string().max(320).optional(),
      company: z.string().max(200).optional(),
    })
    .nullable(),
  /** Latest message first. */
  thread: z.array(ThreadMessage).max(50),
  fields: z.record(z.string().max(100), z.string().max(500)),
});
export type TaskContext = z.infer<typeof TaskContext>;

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
