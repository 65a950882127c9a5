import type { PilotConfig } from '../config/schema';
import type { SuggestionProvider } from '../ai/types';
import { RemoteProvider } from '../ai/remote-provider';
import { ChromeAiProvider } from '../ai/chrome-ai-provider';
import type { PromptTemplate } from '../ai/prompts';

export interface ProviderSources {
  config: PilotConfig;
  apiKey: string;
  prompts: PromptTemplate[];
  playbook: () => Promise<SuggestionProvider>;
}

/** The provider the pilot configured; the Playbook when none is, or when the panel asks for it after a failure. */
export async function providerFor(sources: ProviderSources, fallback = false): Promise<SuggestionProvider> {
  const { config, apiKey, prompts } = sources;
  const p = config.provider;
  if (fallback || p.kind === 'playbook') return sources.playbook();
  const privacy = { maskOnDevice: config.privacy.maskOnDevice, redactionPatterns: config.redactionPatterns };
  if (p.kind === 'chrome-ai') return new ChromeAiProvider(prompts, privacy);
  return new RemoteProvider(p, { apiKey, prompts, ...privacy });
}
