import { z } from 'zod';
import { TaskContext } from '../adapters/context';
import { FailureKind, InsertMode, Workflow, payloads } from '../log/schema';
import { CustomAdapterSpecSchema } from '../config/custom-adapter-schema';

/**
 * Every message between the parts of the extension, validated with zod on arrival.
 * Content scripts are ours but run next to untrusted pages, so the background treats what they
 * send as claims to check: it validates shape, derives the site from the sender, and checks
 * suggestion references against its own log.
 */
const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

const taskRef = {
  id: ulid,
  ts: z.number().int().positive(),
  tzOffsetMin: z.number().int().min(-900).max(900),
  taskId: ulid,
  workflow: Workflow,
  adapter: z.string().max(100),
  recordId: z.string().max(200).nullable(),
  suggestionId: ulid.nullable(),
};

/** Events a content script may ask the background to record (flat per type; see schema.ts). */
export const ClientEvent = z.discriminatedUnion('type', [
  z.object({ ...taskRef, type: z.literal('task.opened'), ...payloads['task.opened'].shape }),
  z.object({ ...taskRef, type: z.literal('panel.opened'), ...payloads['panel.opened'].shape }),
  z.object({ ...taskRef, type: z.literal('panel.closed'), ...payloads['panel.closed'].shape }),
  z.object({ ...taskRef, type: z.literal('suggestion.inserted'), ...payloads['suggestion.inserted'].shape }),
  z.object({ ...taskRef, type: z.literal('suggestion.dismissed'), ...payloads['suggestion.dismissed'].shape }),
  z.object({ ...taskRef, type: z.literal('suggestion.rated'), ...payloads['suggestion.rated'].shape }),
  z.object({ ...taskRef, type: z.literal('task.abandoned'), ...payloads['task.abandoned'].shape }),
]);
export type ClientEvent = z.infer<typeof ClientEvent>;
export type ClientEventType = ClientEvent['type'];

export const SubmitRequest = z.object({
  ...taskRef,
  trigger: z.enum(['form', 'button', 'shortcut']),
  finalText: z.string().max(100_000),
  openedAt: z.number().int().positive(),
  inserted: z.array(z.object({ suggestionId: ulid, text: z.string().max(20_000), mode: InsertMode })).max(50),
});
export type SubmitRequest = z.infer<typeof SubmitRequest>;

export const ContentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('events.record'), events: z.array(ClientEvent).min(1).max(500) }),
  z.object({ type: z.literal('task.submit'), submit: SubmitRequest }),
  z.object({
    type: z.literal('adapter.miss'),
    adapter: z.string().max(100),
    missing: z.array(z.string().max(100)).max(20),
    skeleton: z.string().max(20000),
  }),
  /** Saved from the teach wizard on the page; must cover the page it was taught on. */
  z.object({ type: z.literal('customAdapter.save'), adapter: CustomAdapterSpecSchema }),
]);
export type ContentMessage = z.infer<typeof ContentMessage>;

export const EventsFilter = z.object({
  taskId: ulid.optional(),
  types: z.array(z.string().max(50)).optional(),
  limit: z.number().int().positive().max(100_000).default(1000),
});

export const PageMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('events.list'), filter: EventsFilter.default({ limit: 1000 }) }),
  z.object({ type: z.literal('chain.verify') }),
  z.object({ type: z.literal('stats.today') }),
  /** The options page hands the key to the background and never reads it back. */
  z.object({ type: z.literal('provider.setKey'), apiKey: z.string().max(1000) }),
  z.object({ type: z.literal('provider.test') }),
  z.object({ type: z.literal('collector.status') }),
  /** The options page reports an export it wrote; the background logs it with its own chain head. */
  z.object({ type: z.literal('export.created'), format: z.string().max(50), count: z.number().int().nonnegative(), manifestHash: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type PageMessage = z.infer<typeof PageMessage>;

export { SUGGEST_PORT } from './ports';

export const SuggestStart = z.object({
  type: z.literal('start'),
  taskId: ulid,
  suggestionId: ulid,
  workflow: Workflow,
  adapter: z.string().max(100),
  recordId: z.string().max(200).nullable(),
  attempt: z.number().int().nonnegative().max(1000),
  context: TaskContext,
  /** After a provider failure the person may ask for the Playbook's suggestion instead. */
  fallback: z.boolean().default(false),
});
export type SuggestStart = z.infer<typeof SuggestStart>;

export const SuggestClientMessage = z.discriminatedUnion('type', [SuggestStart, z.object({ type: z.literal('stop') })]);

export type SuggestServerMessage =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      suggestionId: string;
      text: string;
      provider: string;
      model: string;
      promptId: string;
      promptVersion: string;
      contextFields: string[];
      latencyMs: number;
      maskedCount: number;
    }
  | { type: 'error'; kind: z.infer<typeof FailureKind>; message: string; nextStep: string }
  | { type: 'cancelled' };

/** Background and popup → content script: `{ type: 'panel.toggle' }` or `{ type: 'status' }` (answered with TabStatus). */

export interface TabStatus {
  active: boolean;
  adapter: string | null;
  editorFound: boolean;
  workflow: string | null;
  notice: string | null;
}

export interface TodayStats {
  shown: number;
  inserted: number;
  dismissed: number;
  submitted: number;
  outcomes: Record<string, number>;
}
