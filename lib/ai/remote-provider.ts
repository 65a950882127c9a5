import { streamText, type LanguageModel } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createAnthropic } from '@ai-sdk/anthropic';
import type { ProviderConfig } from '../config/schema';
import { MaskVault, StreamUnmasker, maskContext } from '../privacy/mask';
import { promptFor, promptHash, renderPrompt, type PromptTemplate } from './prompts';
import { ProviderError, type ProviderInfo, type SuggestionProvider, type SuggestionRequest, type SuggestionResult } from './types';

export type RemoteConfig = Extract<ProviderConfig, { kind: 'openai-compatible' | 'anthropic' }>;

export interface RemoteOptions {
  apiKey: string;
  prompts: PromptTemplate[];
  redactionPatterns: string[];
  /** Mask even when the provider runs on this machine (openai-compatible marked onDevice). */
  maskOnDevice: boolean;
  /** Retries on 429/5xx and dropped connections, with the AI SDK's exponential backoff. */
  maxRetries?: number;
  fetch?: typeof fetch;
}

/**
 * Any remote model through the AI SDK: builds the prompt from the versioned template, masks
 * personal data before it leaves the machine, streams the answer back with the real values
 * restored, and turns every failure into a ProviderError (lib/ai/failures.ts).
 */
export class RemoteProvider implements SuggestionProvider {
  readonly id: string;
  private readonly model: LanguageModel;

  constructor(
    private readonly config: RemoteConfig,
    private readonly options: RemoteOptions,
  ) {
    this.id = config.kind;
    this.model = languageModel(config, options);
  }

  describe(req: SuggestionRequest): ProviderInfo {
    const prompt = promptFor(req.workflow, this.options.prompts);
    return { provider: this.id, model: this.config.model, promptId: prompt.id, promptVersion: String(prompt.version) };
  }

  async suggest(req: SuggestionRequest, onText: (delta: string) => void, signal: AbortSignal): Promise<SuggestionResult> {
    const template = promptFor(req.workflow, this.options.prompts);
    const vault = MaskVault.forPatterns(this.options.redactionPatterns);
    const masks = !(this.config.kind === 'openai-compatible' && this.config.onDevice) || this.options.maskOnDevice;
    const context = masks ? maskContext(req.context, vault) : req.context;
    const rendered = renderPrompt(template, context, req.agentName);
    const result = streamText({
      model: this.model,
      system: rendered.system,
      prompt: rendered.prompt + (req.attempt > 0 ? `\n\n(Write a different version from the previous draft: attempt ${req.attempt + 1}.)` : ''),
      abortSignal: signal,
      maxRetries: this.options.maxRetries ?? 2,
      maxOutputTokens: 700,
    });
    const unmasker = new StreamUnmasker(vault);
    let text = '';
    const emit = (chunk: string) => {
      if (!chunk) return;
      text += chunk;
      onText(chunk);
    };
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') emit(unmasker.push(part.text));
      else if (part.type === 'error') throw part.error;
      else if (part.type === 'abort') throw signal.reason ?? new DOMException('aborted', 'AbortError');
    }
    emit(unmasker.flush());
    if (!text.trim()) throw new ProviderError('invalid', `${this.id} answered with no text.`, 'Try again, or use a Playbook suggestion.');
    return {
      text: text.trim(),
      provider: this.id,
      model: this.config.model,
      promptId: template.id,
      promptVersion: String(template.version),
      promptHash: promptHash(template),
      contextFields: rendered.fieldsUsed,
      maskedCount: vault.count,
    };
  }
}

function languageModel(config: RemoteConfig, options: RemoteOptions): LanguageModel {
  if (config.kind === 'anthropic') {
    return createAnthropic({
      baseURL: config.baseUrl,
      apiKey: options.apiKey,
      // Calls come from the extension's service worker, which Anthropic treats as a browser.
      headers: { 'anthropic-dangerous-direct-browser-access': 'true' },
      fetch: options.fetch,
    })(config.model);
  }
  return createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: config.baseUrl.replace(/\/+$/, ''),
    apiKey: options.apiKey || undefined,
    headers: config.headers,
    fetch: options.fetch,
  }).chatModel(config.model);
}
