import { browser } from 'wxt/browser';
import type { CustomAdapterSpec } from '../adapters/custom-spec';

/**
 * The little of the pilot configuration the content script needs, read without zod (the content
 * script's size budget). Only extension pages and the background write the configuration, after
 * validating it; anything malformed here still reads as "nothing".
 */
export interface ContentConfig {
  disabledAdapters: string[];
  customAdapters: CustomAdapterSpec[];
  holdoutShare: number;
}

export async function loadContentConfig(): Promise<ContentConfig> {
  return toContentConfig((await browser.storage.local.get('pilotConfig')).pilotConfig);
}

export function onContentConfigChange(callback: (config: ContentConfig) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes.pilotConfig) callback(toContentConfig(changes.pilotConfig.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

function toContentConfig(stored: unknown): ContentConfig {
  const config = (stored ?? {}) as { disabledAdapters?: unknown; customAdapters?: unknown; holdoutShare?: unknown };
  const share = typeof config.holdoutShare === 'number' && config.holdoutShare >= 0 && config.holdoutShare <= 0.5 ? config.holdoutShare : 0;
  return { disabledAdapters: toStringList(config.disabledAdapters), customAdapters: toSpecs(config.customAdapters), holdoutShare: share };
}

function toStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function toSpecs(value: unknown): CustomAdapterSpec[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is CustomAdapterSpec =>
      typeof v?.id === 'string' && Array.isArray(v.matches) && typeof v.selectors?.editor === 'string' && typeof v.workflow === 'string',
  );
}
