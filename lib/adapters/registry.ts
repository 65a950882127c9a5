import type { SiteAdapter } from './types';
import { genericAdapter } from './generic';

/** Built-in site adapters, most specific first; the generic adapter is the fallback. */
export const BUILT_IN_ADAPTERS: SiteAdapter[] = [];

export function pickAdapter(url: URL, disabled: string[] = []): SiteAdapter {
  return BUILT_IN_ADAPTERS.find((a) => !disabled.includes(a.id) && a.appliesTo(url)) ?? genericAdapter;
}
