// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { deepFirstMatch, deepQueryAll, openShadowScopes } from '../../../lib/adapters/dom';

describe('queries across open shadow roots (Salesforce mixed shadow mode)', () => {
  it('finds elements inside nested open shadow roots, never inside closed ones or AxTrace’s own UI', () => {
    document.body.innerHTML = '<div id="light"><article class="post" data-n="0"></article></div><x-feed></x-feed><x-closed></x-closed><axtrace-panel></axtrace-panel>';
    const feed = document.querySelector('x-feed')!.attachShadow({ mode: 'open' });
    feed.innerHTML = '<article class="post" data-n="1"></article><x-inner></x-inner>';
    feed.querySelector('x-inner')!.attachShadow({ mode: 'open' }).innerHTML = '<article class="post" data-n="2"></article>';
    document.querySelector('x-closed')!.attachShadow({ mode: 'closed' }).innerHTML = '<article class="post" data-n="3"></article>';
    document.querySelector('axtrace-panel')!.attachShadow({ mode: 'open' }).innerHTML = '<article class="post" data-n="4"></article>';

    const scopes = openShadowScopes(document);
    expect(scopes).toHaveLength(3);
    expect(deepQueryAll(scopes, 'article.post').map((a) => a.dataset.n)).toEqual(['0', '1', '2']);
    expect(deepFirstMatch(scopes, ['article.missing', 'article.post'], (a) => a.getAttribute('data-n') !== '0')?.dataset.n).toBe('1');
    expect(deepFirstMatch(scopes, ['article.missing'])).toBeNull();
  });
});
