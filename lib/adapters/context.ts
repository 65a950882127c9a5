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

export { EMPTY_CONTEXT, latestCustomerMessage, presentFields } from './context-fields';
