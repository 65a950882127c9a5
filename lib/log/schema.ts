import { z } from 'zod';
import { WORKFLOWS, DISMISS_REASONS } from './constants';

/** Bumped when the stored shape of an event changes; written into every event and export. */
export const SCHEMA_VERSION = 1;

export { WORKFLOWS, DISMISS_REASONS } from './constants';
export const Workflow = z.enum(WORKFLOWS);
export type Workflow = z.infer<typeof Workflow>;

export const DismissReason = z.enum(DISMISS_REASONS);
export type DismissReason = z.infer<typeof DismissReason>;

export const FAILURE_KINDS = ['timeout', 'auth', 'rate_limit', 'network', 'refused', 'invalid'] as const;
export const FailureKind = z.enum(FAILURE_KINDS);
export type FailureKind = z.infer<typeof FailureKind>;

export const OUTCOMES = ['accepted', 'edited', 'fallback', 'unassisted'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const InsertMode = z.enum(['insert', 'replace', 'copy']);
export type InsertMode = z.infer<typeof InsertMode>;

export const CaptureLevel = z.enum(['metadata', 'redacted', 'full']);
export type CaptureLevel = z.infer<typeof CaptureLevel>;

const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'not a ULID');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest');
const ratio = z.number().min(0).max(1);
const ms = z.number().int().nonnegative();
const shortText = z.string().max(200);

/** Fields every stored event carries (DESIGN.md, "Event log"). */
export const eventBase = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  extVersion: shortText,
  id: ulid,
  ts: z.number().int().positive(),
  tzOffsetMin: z.number().int().min(-900).max(900),
  seq: z.number().int().nonnegative(),
  prevHash: sha256Hex,
  hash: sha256Hex,
  installId: ulid,
  actor: shortText,
  actorRole: shortText,
  decisionOwner: shortText.nullable(),
  teamId: shortText,
  pilotId: shortText,
  configHash: sha256Hex,
  site: shortText.nullable(),
  adapter: shortText.nullable(),
  workflow: Workflow.nullable(),
  taskId: ulid.nullable(),
  recordRef: sha256Hex.nullable(),
  suggestionId: ulid.nullable(),
});
export type EventBase = z.infer<typeof eventBase>;

/** Exported so the compiled parser (generated/ax-event-parser.ts) calls this very check. */
export const thresholdsInOrder = (t: { accepted: number; edited: number }) => t.edited <= t.accepted;

export const Thresholds = z.object({ accepted: ratio, edited: ratio }).refine(thresholdsInOrder, {
  message: 'the edited threshold must not exceed the accepted threshold',
});
export type Thresholds = z.infer<typeof Thresholds>;

const providerInfo = {
  provider: shortText,
  model: shortText,
  promptId: shortText,
  promptVersion: shortText,
};

/** Type-specific fields, one entry per event type. */
export const payloads = {
  'task.opened': z.object({ holdout: z.boolean(), contextFields: z.array(shortText).max(50) }),
  'panel.opened': z.object({ trigger: z.enum(['click', 'shortcut', 'command']) }),
  'panel.closed': z.object({ openMs: ms }),
  'suggestion.requested': z.object({ ...providerInfo, attempt: z.number().int().nonnegative() }),
  'suggestion.shown': z.object({
    ...providerInfo,
    promptHash: sha256Hex.nullable(),
    contextFields: z.array(shortText).max(50),
    latencyMs: ms,
    firstTokenMs: ms,
    outputChars: z.number().int().nonnegative(),
    outputHash: sha256Hex,
    maskedCount: z.number().int().nonnegative(),
    text: z.string().max(20000).optional(),
  }),
  'suggestion.failed': z.object({
    provider: shortText,
    model: shortText,
    kind: FailureKind,
    message: z.string().max(500),
    latencyMs: ms,
  }),
  'suggestion.inserted': z.object({ mode: InsertMode, chars: z.number().int().nonnegative(), decisionMs: ms }),
  'suggestion.dismissed': z.object({ reason: DismissReason, note: z.string().max(500).optional(), decisionMs: ms }),
  'suggestion.rated': z.object({ rating: z.enum(['up', 'down']) }),
  'suggestion.cancelled': z.object({ chars: z.number().int().nonnegative(), latencyMs: ms }),
  'task.submitted': z.object({
    trigger: z.enum(['form', 'button', 'shortcut']),
    finalChars: z.number().int().nonnegative(),
    finalHash: sha256Hex,
    retention: ratio.nullable(),
    wordRetention: ratio.nullable(),
    similarity: ratio.nullable(),
    aiShare: ratio,
    outcome: Outcome,
    thresholds: Thresholds,
    insertedSuggestionIds: z.array(ulid).max(50),
    durationMs: ms,
    text: z.string().max(50000).optional(),
  }),
  'task.abandoned': z.object({ reason: z.enum(['navigation', 'unload', 'editor-removed']), durationMs: ms }),
  'adapter.miss': z.object({
    missing: z.array(shortText).max(20),
    skeleton: z.string().max(20000),
  }),
  'config.changed': z.object({ keys: z.array(shortText).max(100), source: z.enum(['options', 'file', 'managed', 'install']) }),
  'chain.checkpoint': z.object({ headSeq: z.number().int().nonnegative(), headHash: sha256Hex }),
  'export.created': z.object({
    format: shortText,
    count: z.number().int().nonnegative(),
    manifestHash: sha256Hex,
    headSeq: z.number().int().nonnegative(),
    headHash: sha256Hex,
  }),
} as const;

export type EventType = keyof typeof payloads;
export const EVENT_TYPES = Object.keys(payloads) as EventType[];

// Written out per type (not through a generic helper) so each variant infers as one flat
// object type; the generic form made the type checker run out of memory.
export const AxEvent = z.discriminatedUnion('type', [
  z.object({ ...eventBase.shape, type: z.literal('task.opened'), ...payloads['task.opened'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('panel.opened'), ...payloads['panel.opened'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('panel.closed'), ...payloads['panel.closed'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.requested'), ...payloads['suggestion.requested'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.shown'), ...payloads['suggestion.shown'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.failed'), ...payloads['suggestion.failed'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.inserted'), ...payloads['suggestion.inserted'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.dismissed'), ...payloads['suggestion.dismissed'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.rated'), ...payloads['suggestion.rated'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('suggestion.cancelled'), ...payloads['suggestion.cancelled'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('task.submitted'), ...payloads['task.submitted'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('task.abandoned'), ...payloads['task.abandoned'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('adapter.miss'), ...payloads['adapter.miss'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('config.changed'), ...payloads['config.changed'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('chain.checkpoint'), ...payloads['chain.checkpoint'].shape }),
  z.object({ ...eventBase.shape, type: z.literal('export.created'), ...payloads['export.created'].shape }),
]);
export type AxEvent = z.infer<typeof AxEvent>;
export type EventOf<T extends EventType> = Extract<AxEvent, { type: T }>;
export type PayloadOf<T extends EventType> = z.infer<(typeof payloads)[T]>;

/**
 * An event before the recorder has placed it in the chain. Deliberately loose (the recorder
 * validates the chained event with CompiledAxEvent, lib/log/compiled-schema.ts): a precise
 * distributive Omit over the union sends the type checker into exponential work.
 */
export type UnchainedEvent = Omit<EventBase, 'seq' | 'prevHash' | 'hash'> & { type: EventType } & Record<string, unknown>;

export const GENESIS_HASH = '0'.repeat(64);
