import type { SiteAdapter } from './types';
import type { CustomAdapterSpec } from './custom-spec';
import { genericAdapter } from './generic';
import { customAdapter } from './custom';
import { zendeskAdapter } from './zendesk';
import { jiraAdapter } from './jira';
import { serviceNowAdapter } from './servicenow';
import { freshdeskAdapter } from './freshdesk';
import { intercomAdapter } from './intercom';
import { gmailAdapter } from './gmail';
import { salesforceAdapter } from './salesforce';
import { hubspotAdapter } from './hubspot';

/** Built-in site adapters, most specific first; the generic adapter is the fallback. */
export const BUILT_IN_ADAPTERS: SiteAdapter[] = [zendeskAdapter, jiraAdapter, serviceNowAdapter, freshdeskAdapter, intercomAdapter, gmailAdapter, salesforceAdapter, hubspotAdapter];

/**
 * The adapter for a page, skipping any the pilot switched off (per-adapter kill switch). A team's
 * custom adapters come first: a team that teaches AxTrace a page knows that page best.
 */
export function pickAdapter(url: URL, disabled: string[] = [], custom: SiteAdapter[] = []): SiteAdapter {
  return [...custom, ...BUILT_IN_ADAPTERS].find((a) => !disabled.includes(a.id) && a.appliesTo(url)) ?? genericAdapter;
}

export function customAdapters(specs: CustomAdapterSpec[]): SiteAdapter[] {
  return specs.map(customAdapter);
}
