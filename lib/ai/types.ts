import type { TaskContext } from '../adapters/context';
import type { FailureKind, Workflow } from '../log/schema';

export interface SuggestionRequest {
  workflow: Workflow;
  context: TaskContext;
  agentName: string;
  /** 0 for the first suggestion of a task, n for the n-th regeneration. */
  attempt: number;
}

export interface SuggestionResult {
  text: string;
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  promptHash: string | null;
  contextFields: string[];
  /** Personal data items replaced by placeholders before the provider saw the context. */
  maskedCount?: number;
}

export interface ProviderInfo {
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
}

/** Every provider, local or remote, behind one interface, called only from the background. */
export interface SuggestionProvider {
  readonly id: string;
  describe(req: SuggestionRequest): ProviderInfo;
  suggest(req: SuggestionRequest, onText: (delta: string) => void, signal: AbortSignal): Promise<SuggestionResult>;
}

/** A failure with a kind the log and the panel understand, and words a person understands. */
export class ProviderError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly nextStep: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
