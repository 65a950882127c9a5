import { z } from 'zod';
import type { TaskContext } from '../adapters/context';
import type { Workflow } from '../log/schema';
import { canonicalJson, sha256Hex } from '../util/hash';

/** Context a prompt may use; a prompt declares which, and only those are sent. */
export const PROMPT_FIELDS = ['subject', 'requester', 'latest', 'thread', 'fields', 'agent'] as const;
export type PromptField = (typeof PROMPT_FIELDS)[number];

export const PromptTemplate = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  title: z.string().min(1).max(100),
  version: z.number().int().positive(),
  system: z.string().min(1).max(8000),
  /** `{{subject}}`, `{{requester}}`, `{{latest}}`, `{{thread}}`, `{{fields}}`, `{{agent}}`. */
  user: z.string().min(1).max(8000),
  fields: z.array(z.enum(PROMPT_FIELDS)).max(PROMPT_FIELDS.length),
  createdAt: z.number().int().nonnegative(),
});
export type PromptTemplate = z.infer<typeof PromptTemplate>;

/** Every version ever saved, oldest first; the newest of each id is the one in use. */
export const PromptLibrary = z.array(PromptTemplate).max(2000);

const REPLY_RULES =
  'Write in the language of the customer. Be warm, brief and concrete. Never invent order numbers, prices, dates or policies that are not in the context. ' +
  'Keep placeholders such as [EMAIL_1] exactly as written. Output only the text to send, with no subject line and no commentary.';

export const DEFAULT_PROMPTS: PromptTemplate[] = [
  {
    id: 'ticket-reply',
    title: 'Reply to a support ticket',
    version: 1,
    system: `You draft replies for a customer support agent. ${REPLY_RULES}`,
    user: 'Ticket subject: {{subject}}\nCustomer: {{requester}}\nTicket fields: {{fields}}\n\nConversation, latest first:\n{{thread}}\n\nDraft the agent’s reply to the latest customer message. Sign as {{agent}}.',
    fields: ['subject', 'requester', 'fields', 'thread', 'agent'],
    createdAt: 0,
  },
  {
    id: 'internal-note',
    title: 'Internal note on a ticket',
    version: 1,
    system: 'You write short internal notes for a support team: what the customer needs, what was checked, the next step. Plain sentences, no greeting. Output only the note.',
    user: 'Ticket subject: {{subject}}\nTicket fields: {{fields}}\n\nLatest customer message:\n{{latest}}',
    fields: ['subject', 'fields', 'latest'],
    createdAt: 0,
  },
  {
    id: 'crm-email',
    title: 'Email to a CRM contact',
    version: 1,
    system: `You draft emails for a sales or account manager. ${REPLY_RULES}`,
    user: 'Record: {{subject}}\nContact: {{requester}}\nRecord fields: {{fields}}\n\nRecent activity, latest first:\n{{thread}}\n\nDraft the next email to the contact. Sign as {{agent}}.',
    fields: ['subject', 'requester', 'fields', 'thread', 'agent'],
    createdAt: 0,
  },
  {
    id: 'crm-note',
    title: 'Note on a CRM record',
    version: 1,
    system: 'You write concise CRM notes: outcome of the last interaction, open questions, next step with a date if one is given. Output only the note.',
    user: 'Record: {{subject}}\nRecord fields: {{fields}}\n\nRecent activity, latest first:\n{{thread}}',
    fields: ['subject', 'fields', 'thread'],
    createdAt: 0,
  },
  {
    id: 'summary',
    title: 'Summary of the thread',
    version: 1,
    system: 'You summarise customer conversations for a colleague in three to five bullet points: the problem, what was tried, what is pending. Output only the bullets.',
    user: 'Subject: {{subject}}\n\nConversation, latest first:\n{{thread}}',
    fields: ['subject', 'thread'],
    createdAt: 0,
  },
];

const PROMPT_FOR_WORKFLOW: Record<Workflow, string> = {
  'ticket-reply': 'ticket-reply',
  reply: 'ticket-reply',
  'internal-note': 'internal-note',
  note: 'internal-note',
  'crm-email': 'crm-email',
  email: 'crm-email',
  'crm-note': 'crm-note',
  summary: 'summary',
};

/** The prompt in use for a workflow: the newest version of its id. */
export function promptFor(workflow: Workflow, library: PromptTemplate[]): PromptTemplate {
  const id = PROMPT_FOR_WORKFLOW[workflow];
  return latestVersions(library).find((p) => p.id === id) ?? DEFAULT_PROMPTS.find((p) => p.id === id)!;
}

export function latestVersions(library: PromptTemplate[]): PromptTemplate[] {
  const latest = new Map<string, PromptTemplate>();
  for (const p of [...DEFAULT_PROMPTS, ...library]) {
    const current = latest.get(p.id);
    if (!current || p.version > current.version) latest.set(p.id, p);
  }
  return [...latest.values()];
}

/** An edit never rewrites a version: it appends the next one (or nothing, if nothing changed). */
export function withPromptEdit(library: PromptTemplate[], edited: Omit<PromptTemplate, 'version' | 'createdAt'>, now = Date.now()): PromptTemplate[] {
  const current = latestVersions(library).find((p) => p.id === edited.id);
  if (current && promptHash(current) === promptHash({ ...current, ...edited })) return library;
  return [...library, PromptTemplate.parse({ ...edited, version: (current?.version ?? 0) + 1, createdAt: now })];
}

export function promptHash(p: Pick<PromptTemplate, 'system' | 'user' | 'fields'>): string {
  return sha256Hex(canonicalJson({ system: p.system, user: p.user, fields: [...p.fields].sort() }));
}

export interface RenderedPrompt {
  system: string;
  prompt: string;
  /** The context fields that were present and sent (for the log and the "why" line). */
  fieldsUsed: string[];
}

/** Fills the template with the (already masked) context; undeclared fields are never sent. */
export function renderPrompt(template: PromptTemplate, ctx: TaskContext, agentName: string): RenderedPrompt {
  const values: Record<PromptField, string> = {
    subject: ctx.subject ?? '',
    requester: [ctx.requester?.name, ctx.requester?.email && `<${ctx.requester.email}>`, ctx.requester?.company && `(${ctx.requester.company})`].filter(Boolean).join(' '),
    latest: (ctx.thread.find((m) => m.role === 'customer') ?? ctx.thread[0])?.text ?? '',
    thread: ctx.thread
      .slice(0, 8)
      .map((m) => `- ${m.role === 'customer' ? 'Customer' : m.role === 'agent' ? 'Agent' : 'Message'}${m.author ? ` (${m.author})` : ''}: ${m.text.slice(0, 4000)}`)
      .join('\n'),
    fields: Object.entries(ctx.fields).map(([k, v]) => `${k}: ${v}`).join('; '),
    agent: agentName,
  };
  const declared = new Set(template.fields);
  const fieldsUsed = PROMPT_FIELDS.filter((f) => declared.has(f) && values[f]);
  const prompt = template.user.replace(/\{\{(\w+)\}\}/g, (_m, name: string) =>
    declared.has(name as PromptField) ? values[name as PromptField] || '(not on the page)' : '',
  );
  return { system: template.system, prompt, fieldsUsed };
}
