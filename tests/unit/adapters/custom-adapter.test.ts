// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { customAdapter } from '../../../lib/adapters/custom';
import { pickAdapter, customAdapters } from '../../../lib/adapters/registry';
import { proposeSelectors, looksGenerated } from '../../../lib/picker/selector-proposals';
import type { CustomAdapterSpec } from '../../../lib/adapters/custom-spec';

const PAGE = `
  <main>
    <h2 id="case-title" class="title-x9f3a2c1">Parcel arrived damaged</h2>
    <div class="who"><span data-qa="customer-name">Dana Whitfield</span> <a href="mailto:dana@example.org">mail</a></div>
    <div class="stream">
      <div class="msg" data-qa="message" data-msg-id="m-40021">I ordered a lamp.</div>
      <div class="msg" data-qa="message" data-msg-id="m-40022">It came broken, please help.</div>
    </div>
    <div id="ember1234" class="composer"><textarea aria-label="Write a reply" class="box"></textarea></div>
    <div role="button" aria-label="Send reply" class="btn primary">Send</div>
    <div role="button" aria-label="Discard" class="btn">Discard</div>
  </main>`;

const spec: CustomAdapterSpec = {
  id: 'acme',
  name: 'Acme',
  matches: ['https://desk.acme.test/cases/*'],
  workflow: 'ticket-reply',
  selectors: { editor: 'textarea[aria-label="Write a reply"]', subject: '#case-title', requester: '.who', message: '[data-qa="message"]', send: '[aria-label="Send reply"]' },
  updatedAt: 1,
};

beforeEach(() => {
  document.body.innerHTML = PAGE;
});

describe('selector proposals', () => {
  it('prefers test attributes, then ARIA, and skips generated ids and hashed classes', () => {
    const name = document.querySelector('[data-qa="customer-name"]')!;
    expect(proposeSelectors(name)[0]).toEqual({ selector: '[data-qa="customer-name"]', matches: 1, basis: 'test attribute' });
    const editor = document.querySelector('textarea')!;
    const forEditor = proposeSelectors(editor).map((p) => p.selector);
    expect(forEditor[0]).toBe('textarea[aria-label="Write a reply"]');
    expect(forEditor.join(' ')).not.toContain('ember1234');
    const title = proposeSelectors(document.querySelector('h2')!).map((p) => p.selector);
    expect(title[0]).toBe('#case-title');
    expect(title.join(' ')).not.toContain('x9f3a2c1');
  });

  it('for a message, proposes a selector that finds every message of the thread', () => {
    const second = document.querySelectorAll('[data-qa="message"]')[1];
    const [best] = proposeSelectors(second, 'list');
    expect(best.matches).toBe(2);
    expect(second.matches(best.selector)).toBe(true);
  });

  it('tells a single send button apart from its neighbours', () => {
    const [best] = proposeSelectors(document.querySelector('[aria-label="Send reply"]')!);
    expect(best).toMatchObject({ selector: '[role="button"][aria-label="Send reply"]', matches: 1, basis: 'ARIA' });
  });

  it('recognises generated values', () => {
    expect(['ember1234', 'react-select-3-input', 'a1b2c3d4e5', ':r1:', 'm-40021'].map(looksGenerated)).toEqual([true, false, true, true, true]);
    expect(['case-title', 'reply-body', 'send'].some(looksGenerated)).toBe(false);
  });
});

describe('custom adapter', () => {
  it('applies to its match patterns only, and comes before built-in adapters', () => {
    const adapter = customAdapter(spec);
    expect(adapter.id).toBe('custom:acme');
    expect(adapter.appliesTo(new URL('https://desk.acme.test/cases/77'))).toBe(true);
    expect(adapter.appliesTo(new URL('https://desk.acme.test/admin'))).toBe(false);
    const zendeskLike = { ...spec, matches: ['https://*.zendesk.com/*'] };
    expect(pickAdapter(new URL('https://northwind.zendesk.com/agent/tickets/1'), [], customAdapters([zendeskLike])).id).toBe('custom:acme');
    expect(pickAdapter(new URL('https://northwind.zendesk.com/agent/tickets/1'), ['custom:acme'], customAdapters([zendeskLike])).id).toBe('zendesk');
  });

  it('reads the context its selectors point at, latest message first', () => {
    const ctx = customAdapter(spec).context(document, null);
    expect(ctx.subject).toBe('Parcel arrived damaged');
    expect(ctx.requester).toEqual({ name: expect.stringContaining('Dana Whitfield'), email: 'dana@example.org' });
    expect(ctx.thread.map((m) => m.text)).toEqual(['It came broken, please help.', 'I ordered a lamp.']);
  });

  it('a selector that no longer matches, or that the browser rejects, reads as absent', () => {
    const broken = customAdapter({ ...spec, selectors: { editor: 'textarea[', subject: '#gone' } });
    expect(broken.context(document, null)).toMatchObject({ subject: null, requester: null, thread: [] });
    expect(broken.editor(document)).toBeNull();
  });
});

describe('picking inside a marked wrapper', () => {
  it('a click on a message’s text describes the message item the app marked', () => {
    document.body.innerHTML = `<ol><li data-qa="entry"><b>Ann</b><p>First</p></li><li data-qa="entry"><b>Bo</b><p>Second</p></li></ol>`;
    const [best] = proposeSelectors(document.querySelectorAll('p')[1], 'list');
    expect(best).toMatchObject({ selector: '[data-qa="entry"]', matches: 2 });
  });

  it('a single field climbs to a unique marked wrapper only when it holds the same text', () => {
    document.body.innerHTML = `<div data-qa="subject"><span>Broken lamp</span></div><div data-qa="card"><span>Ann</span><span>ann@example.org</span></div>`;
    expect(proposeSelectors(document.querySelector('[data-qa="subject"] span')!)[0].selector).toBe('[data-qa="subject"]');
    expect(proposeSelectors(document.querySelector('[data-qa="card"] span')!)[0].selector).not.toBe('[data-qa="card"]');
  });
});
