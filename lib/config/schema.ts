import { z } from 'zod';
import { CaptureLevel, Thresholds, Workflow } from '../log/schema';
import { CustomAdapterSpecSchema } from './custom-adapter-schema';

const endpoint = z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }).max(500);
const headerName = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'is not a header name');

/**
 * Where suggestions come from. Keys are not part of the configuration: they live in the
 * background's own storage entry (lib/ai/secrets.ts), never in logs, exports or the page.
 */
export const ProviderConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('playbook') }),
  /** OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, OpenRouter, enterprise gateways. */
  z.object({
    kind: z.literal('openai-compatible'),
    label: z.string().max(60).default('OpenAI-compatible'),
    baseUrl: endpoint,
    model: z.string().min(1).max(200),
    headers: z.record(headerName, z.string().max(1000)).default({}),
    /** A self-hosted model on this machine or network may be exempted from masking (see privacy). */
    onDevice: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('anthropic'), baseUrl: endpoint.default('https://api.anthropic.com/v1'), model: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('chrome-ai') }),
]);
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** The pilot configuration in force (DESIGN.md, lib/config). Every field has a safe default. */
export const PilotConfig = z.object({
  pilotId: z.string().min(1).max(100).default('default-pilot'),
  teamId: z.string().min(1).max(100).default('default-team'),
  /** How people are identified in the log: a pseudonym per install unless the pilot names them. */
  identity: z
    .object({ mode: z.enum(['pseudonymous', 'named']), name: z.string().max(100).default('') })
    .default({ mode: 'pseudonymous', name: '' }),
  actorRole: z.string().max(50).default('agent'),
  /** The name filled into {{agent.name}} placeholders. */
  agentName: z.string().max(100).default(''),
  captureLevel: CaptureLevel.default('metadata'),
  provider: ProviderConfig.default({ kind: 'playbook' }),
  thresholds: Thresholds.default({ accepted: 0.9, edited: 0.3 }),
  decisionOwners: z.partialRecord(Workflow, z.string().max(100)).default({}),
  disabledAdapters: z.array(z.string().max(100)).default([]),
  /** Adapters the team taught AxTrace for apps no built-in adapter knows. */
  customAdapters: z.array(CustomAdapterSpecSchema).max(50).default([]),
  redactionPatterns: z.array(z.string().max(500)).default([]),
  /** Personal data is masked before any remote provider sees it; on-device providers may be exempted. */
  privacy: z.object({ maskOnDevice: z.boolean().default(false) }).default({ maskOnDevice: false }),
  /** Share of records for which the panel stays hidden (the control group), 0 to 0.5. */
  holdoutShare: z.number().min(0).max(0.5).default(0),
  /** Events older than this many days are purged (0 keeps everything); each purge is logged. */
  retentionDays: z.number().int().min(0).max(3650).default(0),
  /** Optional OTLP/HTTP JSON receiver (OpenTelemetry Collector, Langfuse, …) that events are pushed to. */
  collector: z
    .object({ endpoint, headers: z.record(headerName, z.string().max(1000)).default({}), batchSize: z.number().int().min(1).max(5000).default(500) })
    .nullable()
    .default(null),
  /** People in the pilot: the denominator of "organisation-wide" on the readiness scorecard. */
  seats: z.number().int().min(0).max(1_000_000).default(0),
  /** Targets the pilot manager sets for "ready for production". */
  readinessTargets: z
    .object({
      coverage: z.number().min(0).max(1).default(0.6),
      stickiness: z.number().min(0).max(1).default(0.4),
      engagedShare: z.number().min(0).max(1).default(0.6),
      accountable: z.number().min(0).max(1).default(1),
      retention: z.number().min(0).max(1).default(0.6),
      maxOverride: z.number().min(0).max(1).default(0.5),
      maxRubberStamp: z.number().min(0).max(1).default(0.2),
    })
    .default({ coverage: 0.6, stickiness: 0.4, engagedShare: 0.6, accountable: 1, retention: 0.6, maxOverride: 0.5, maxRubberStamp: 0.2 }),
  /** Seconds to wait for a whole suggestion before giving up (kind "timeout"). */
  providerTimeoutSec: z.number().int().min(5).max(300).default(45),
});
export type PilotConfig = z.infer<typeof PilotConfig>;

export const DEFAULT_CONFIG: PilotConfig = PilotConfig.parse({});
