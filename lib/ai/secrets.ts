import { browser } from 'wxt/browser';

const SECRETS_KEY = 'providerSecrets';

/**
 * The provider's API key. Only the background reads it (to call the provider); the options page
 * writes it through the background and never gets it back, and it is not part of the pilot
 * configuration, so it never reaches the log, exports, errors or any page.
 */
export async function loadApiKey(): Promise<string> {
  const stored = (await browser.storage.local.get(SECRETS_KEY))[SECRETS_KEY] as { apiKey?: unknown } | undefined;
  return typeof stored?.apiKey === 'string' ? stored.apiKey : '';
}

export async function saveApiKey(apiKey: string): Promise<void> {
  await browser.storage.local.set({ [SECRETS_KEY]: { apiKey: apiKey.trim() } });
}

/** Removes every occurrence of the key from a text that may be shown or logged. */
export function scrubSecret(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[key]') : text;
}
