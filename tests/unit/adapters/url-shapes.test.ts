import { describe, expect, it } from 'vitest';
import { pickAdapter } from '../../../lib/adapters/registry';

const pick = (url: string) => pickAdapter(new URL(url)).id;

describe('Intercom and Gmail adapters apply to the real URL shapes', () => {
  it('Intercom conversation URLs and their variants (HOST-APPS §7)', () => {
    expect(pick('https://app.intercom.com/a/inbox/abc123de/inbox/conversation/215469821143521')).toBe('intercom');
    expect(pick('https://app.intercom.com/a/inbox/abc123de/inbox/shared/all/conversation/215469821143521')).toBe('intercom');
    expect(pick('https://app.intercom.com/a/inbox/abc123de/inbox/admin/4711/conversation/215469821143521')).toBe('intercom');
    expect(pick('https://app.intercom.com/a/apps/abc123de/conversations/215469821143521')).toBe('intercom');
    expect(pick('https://app.eu.intercom.com/a/inbox/abc123de/inbox/conversation/215469821143521')).toBe('intercom');
    // Not a conversation, or not Intercom's app host.
    expect(pick('https://app.intercom.com/a/inbox/abc123de/inbox/shared/all')).toBe('generic');
    expect(pick('https://www.intercom.com/a/inbox/abc123de/inbox/conversation/1')).toBe('generic');
  });

  it('Gmail pages, including thread hash routes under any label (HOST-APPS §8)', () => {
    expect(pick('https://mail.google.com/mail/u/0/#inbox/FMfcgzQbvNwLrTtXkqPzHhJcMdWsSgBn')).toBe('gmail');
    expect(pick('https://mail.google.com/mail/u/1/#label/Customers/FMfcgzQbvNwLrTtXkqPzHhJcMdWsSgBn')).toBe('gmail');
    expect(pick('https://mail.google.com/mail/u/0/#inbox?compose=new')).toBe('gmail');
    expect(pick('https://mail.google.com/chat/u/0/')).toBe('generic');
    expect(pick('https://docs.google.com/mail/u/0/')).toBe('generic');
  });
});

describe('Salesforce and HubSpot adapters apply to the real URL shapes', () => {
  it('Lightning Case record pages (HOST-APPS §2)', () => {
    expect(pick('https://northwind.lightning.force.com/lightning/r/Case/5008d00000ZkQ2aAAF/view')).toBe('salesforce');
    expect(pick('https://northwind.lightning.force.com/lightning/r/Case/5008d00000ZkQ2a/view')).toBe('salesforce');
    expect(pick('https://acme--uat.sandbox.lightning.force.com/lightning/r/Case/5008d00000ZkQ2aAAF/view')).toBe('salesforce');
    // Other objects, list views, or not Lightning's host.
    expect(pick('https://northwind.lightning.force.com/lightning/r/Account/0018d00000Rt4yBAAR/view')).toBe('generic');
    expect(pick('https://northwind.lightning.force.com/lightning/o/Case/list')).toBe('generic');
    expect(pick('https://northwind.my.salesforce.com/lightning/r/Case/5008d00000ZkQ2aAAF/view')).toBe('generic');
  });

  it('HubSpot record pages for every object type, on the US and EU hosts (HOST-APPS §3)', () => {
    expect(pick('https://app.hubspot.com/contacts/2094412/record/0-1/1501')).toBe('hubspot');
    expect(pick('https://app.hubspot.com/contacts/2094412/record/0-5/8807')).toBe('hubspot');
    expect(pick('https://app.hubspot.com/contacts/2094412/record/0-3/99/')).toBe('hubspot');
    expect(pick('https://app-eu1.hubspot.com/contacts/2094412/record/0-1/1501')).toBe('hubspot');
    expect(pick('https://app.hubspot.com/contacts/2094412/objects/0-1/views/all/list')).toBe('generic');
    expect(pick('https://www.hubspot.com/contacts/2094412/record/0-1/1501')).toBe('generic');
  });
});
