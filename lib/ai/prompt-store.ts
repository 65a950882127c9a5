import { browser } from 'wxt/browser';
import { PromptLibrary, type PromptTemplate } from './prompts';

export const PROMPTS_KEY = 'prompts';

/** Saved prompt versions (the defaults are version 1 of each and are not stored). */
export async function loadPromptLibrary(): Promise<PromptTemplate[]> {
  const stored = (await browser.storage.local.get(PROMPTS_KEY))[PROMPTS_KEY];
  const parsed = PromptLibrary.safeParse(stored ?? []);
  return parsed.success ? parsed.data : [];
}

export async function savePromptLibrary(library: PromptTemplate[]): Promise<void> {
  await browser.storage.local.set({ [PROMPTS_KEY]: PromptLibrary.parse(library) });
}
