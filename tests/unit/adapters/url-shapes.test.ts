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
