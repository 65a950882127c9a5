import type { SiteAdapter } from './types';
import { genericAdapter } from './generic';
import { zendeskAdapter } from './zendesk';
import { jiraAdapter } from './jira';
import { serviceNowAdapter } from './servicenow';
import { freshdeskAdapter } from './freshdesk';
import { intercomAdapter } from './intercom';
import { gmailAdapter } from './gmail';

/** Built-in site adapters, most specific first; the generic adapter is the fallback. */
export const BUILT_IN_ADAPTERS: SiteAdapter[] = [zendeskAdapter, jiraAdapter, serviceNowAdapter, freshdeskAdapter, intercomAdapter, gmailAdapter];

/** The adapter for a page, skipping any the pilot switched off (per-adapter kill switch). */
export function pickAdapter(url: URL, disabled: string[] = []): SiteAdapter {
  return BUILT_IN_ADAPTERS.find((a) => !disabled.includes(a.id) && a.appliesTo(url)) ?? genericAdapter;
}
