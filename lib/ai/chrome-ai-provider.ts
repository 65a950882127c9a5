import { promptFor, promptHash, renderPrompt, type PromptTemplate } from './prompts';
import { MaskVault, StreamUnmasker, maskContext } from '../privacy/mask';
import { ProviderError, type ProviderInfo, type SuggestionProvider, type SuggestionRequest, type SuggestionResult } from './types';

/** The parts of Chrome's built-in Prompt API (`LanguageModel`) that AxTrace uses. */
interface LanguageModelApi {
  availability(): Promise<'unavailable' | 'downloadable' | 'downloading' | 'available'>;
  create(options: { initialPrompts?: { role: 'system'; content: string }[]; signal?: AbortSignal; monitor?: (m: EventTarget) => void }): Promise<{
    promptStreaming(input: string, options?: { signal?: AbortSignal }): ReadableStream<string>;
    destroy(): void;
  }>;
}

export function chromeLanguageModel(): LanguageModelApi | null {
  return ((globalThis as { LanguageModel?: LanguageModelApi }).LanguageModel ?? null) as LanguageModelApi | null;
}

export type ChromeAiAvailability = 'unsupported' | 'unavailable' | 'downloadable' | 'downloading' | 'available';

export async function chromeAiAvailability(): Promise<ChromeAiAvailability> {
  const api = chromeLanguageModel();
  return api ? api.availability() : 'unsupported';
}

/** Chrome's on-device model: nothing leaves the machine, so masking is optional (privacy.maskOnDevice). */
export class ChromeAiProvider implements SuggestionProvider {
  readonly id = 'chrome-ai';

  constructor(
    private readonly prompts: PromptTemplate[],
    private readonly options: { maskOnDevice: boolean; redactionPatterns: string[]; onDownloadProgress?: (fraction: number) => void },
  ) {}

  describe(req: SuggestionRequest): ProviderInfo {
    const prompt = promptFor(req.workflow, this.prompts);
    return { provider: this.id, model: 'gemini-nano', promptId: prompt.id, promptVersion: String(prompt.version) };
  }

  async suggest(req: SuggestionRequest, onText: (delta: string) => void, signal: AbortSignal): Promise<SuggestionResult> {
    const api = chromeLanguageModel();
    const availability = api ? await api.availability() : 'unavailable';
    if (!api || availability === 'unavailable') {
      throw new ProviderError('refused', 'Chrome’s built-in AI is not available on this computer.', 'Ask your pilot manager to choose another provider; the Playbook still works.');
    }
    const template = promptFor(req.workflow, this.prompts);
    const vault = MaskVault.forPatterns(this.options.redactionPatterns);
    const rendered = renderPrompt(template, this.options.maskOnDevice ? maskContext(req.context, vault) : req.context, req.agentName);
    const session = await api.create({
      initialPrompts: [{ role: 'system', content: rendered.system }],
      signal,
      monitor: (m) => m.addEventListener('downloadprogress', (e) => this.options.onDownloadProgress?.((e as ProgressEvent).loaded)),
    });
    try {
      const unmasker = new StreamUnmasker(vault);
      let text = '';
      const reader = session.promptStreaming(rendered.prompt, { signal }).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        const out = unmasker.push(chunk.value);
        text += out;
        if (out) onText(out);
      }
      text += unmasker.flush();
      if (!text.trim()) throw new ProviderError('invalid', 'Chrome’s built-in AI answered with no text.', 'Try again, or use a Playbook suggestion.');
      return { text: text.trim(), provider: this.id, model: 'gemini-nano', promptId: template.id, promptVersion: String(template.version), promptHash: promptHash(template), contextFields: rendered.fieldsUsed, maskedCount: vault.count };
    } finally {
      session.destroy();
    }
  }
}
