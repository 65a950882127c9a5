import { browser } from 'wxt/browser';

/**
 * The little of the pilot configuration the content script needs, read without zod (the content
 * script's size budget). Anything malformed reads as "nothing disabled".
 */
export async function loadDisabledAdapters(): Promise<string[]> {
  const stored = (await browser.storage.local.get('pilotConfig')).pilotConfig as { disabledAdapters?: unknown } | undefined;
  return toStringList(stored?.disabledAdapters);
}

export function onDisabledAdaptersChange(callback: (ids: string[]) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes.pilotConfig) callback(toStringList((changes.pilotConfig.newValue as { disabledAdapters?: unknown })?.disabledAdapters));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

function toStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
