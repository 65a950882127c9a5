import { browser, type Browser } from 'wxt/browser';

export type SenderKind = { kind: 'content'; site: string; url: string; tabId: number } | { kind: 'extension-page' } | { kind: 'refused'; why: string };

/**
 * Decides who is talking. Only our own content scripts (in a tab, on an http(s) page) and our own
 * extension pages are heard; anything else — another extension, a web page through
 * externally_connectable, a malformed sender — is refused.
 */
export function classifySender(sender: Browser.runtime.MessageSender): SenderKind {
  if (sender.id !== browser.runtime.id) return { kind: 'refused', why: 'message from another extension' };
  const ownOrigin = browser.runtime.getURL('/');
  const url = sender.url ?? '';
  if (url.startsWith(ownOrigin)) {
    return { kind: 'extension-page' };
  }
  if (sender.tab?.id !== undefined && /^https?:/.test(url)) {
    try {
      return { kind: 'content', site: new URL(url).hostname, url, tabId: sender.tab.id };
    } catch {
      return { kind: 'refused', why: 'unreadable sender url' };
    }
  }
  return { kind: 'refused', why: 'unexpected sender' };
}
