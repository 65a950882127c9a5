import { z } from 'zod';
import { CaptureLevel, Thresholds, Workflow } from '../log/schema';
import { CustomAdapterSpecSchema } from './custom-adapter-schema';

export const ProviderConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('playbook') }),
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
});
export type PilotConfig = z.infer<typeof PilotConfig>;

export const DEFAULT_CONFIG: PilotConfig = PilotConfig.parse({});
