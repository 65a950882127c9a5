import { PANEL_HOST_TAG } from './types';

/** Small DOM helpers shared by adapters. They read text only; nothing is ever parsed as HTML. */

export function isVisible(el: Element): boolean {
  // Elements from same-origin frames belong to another realm, so no instanceof checks here.
  if (!('offsetParent' in el)) return false;
  if (el.closest(PANEL_HOST_TAG)) return false;
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return false;
  const style = (el.ownerDocument.defaultView ?? window).getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none';
}

export function cleanText(text: string | null | undefined, max = 20000): string {
  return (text ?? '').replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim().slice(0, max);
}

export function textOf(el: Element | null | undefined, max?: number): string {
  if (!el) return '';
  return cleanText(el instanceof HTMLElement ? el.innerText : el.textContent, max);
}

/** True when `a` comes before `b` in document order and does not contain it. */
export function precedes(a: Node, b: Node): boolean {
  return Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) && !a.contains(b);
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

export function findEmail(el: Element | null): string | undefined {
  if (!el) return undefined;
  const mailto = el.querySelector<HTMLAnchorElement>('a[href^="mailto:"]');
  if (mailto) return decodeURIComponent(mailto.getAttribute('href')!.slice(7).split('?')[0]);
  return textOf(el).match(EMAIL)?.[0];
}

/** A record id from the URL: a path segment with a digit, or a conventional query parameter. */
export function recordIdFromUrl(url: URL): string | null {
  for (const key of ['id', 'ticket', 'ticketId', 'record', 'recordId', 'case', 'sys_id']) {
    const v = url.searchParams.get(key);
    if (v) return v.slice(0, 200);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    if (/\d/.test(segments[i])) return decodeURIComponent(segments[i]).slice(0, 200);
  }
  const hash = url.hash.match(/\d[\w-]*/);
  return hash ? hash[0].slice(0, 200) : null;
}

/**
 * A censored outline of the page: tags and attribute names (plus ids, test attributes, roles
 * and ARIA labels' presence), never text — enough for a pilot manager to see which app update
 * broke an adapter, nothing a customer wrote.
 */
export function censoredSkeleton(root: Element, maxNodes = 400, maxDepth = 12): string {
  const out: string[] = [];
  const walk = (el: Element, depth: number) => {
    if (out.length >= maxNodes || depth > maxDepth || el.tagName.toLowerCase() === PANEL_HOST_TAG) return;
    const attrs = [...el.attributes]
      .filter((a) => !a.name.startsWith('on') && a.name !== 'style' && a.name !== 'value')
      .map((a) => (/^(id|role|data-test-?id|data-testid|contenteditable|type|name)$/.test(a.name) ? `${a.name}="${a.value.slice(0, 60)}"` : a.name));
    out.push(`${'  '.repeat(depth)}<${el.tagName.toLowerCase()}${attrs.length ? ' ' + attrs.join(' ') : ''}>`);
    for (const child of el.children) walk(child, depth + 1);
  };
  walk(root, 0);
  return out.join('\n').slice(0, 20000);
}

/** The first element matched by a list of fallback selectors, tried in order (most stable first). */
export function firstMatch<T extends Element = HTMLElement>(root: ParentNode, selectors: readonly string[], filter: (el: Element) => boolean = () => true): T | null {
  for (const selector of selectors) {
    const found = [...root.querySelectorAll(selector)].find(filter);
    if (found) return found as T;
  }
  return null;
}

/** An element's rectangle in the top window's viewport, adding the offsets of same-origin frames. */
export function rectInTopWindow(el: Element): DOMRect {
  const r = el.getBoundingClientRect();
  let top = r.top;
  let left = r.left;
  let win: Window | null = el.ownerDocument.defaultView;
  while (win && win !== window.top && win.frameElement) {
    const frame = win.frameElement.getBoundingClientRect();
    top += frame.top + (win.frameElement as HTMLElement).clientTop;
    left += frame.left + (win.frameElement as HTMLElement).clientLeft;
    win = win.parent;
  }
  return new DOMRect(left, top, r.width, r.height);
}

/**
 * The places to query on a page that may use native shadow DOM: the root itself and every open
 * shadow root below it, nested ones included (AxTrace's own UI is skipped). Closed roots stay
 * closed. Pages without shadow roots cost one querySelectorAll('*').
 */
export function openShadowScopes(root: Document | Element | ShadowRoot): ParentNode[] {
  const scopes: ParentNode[] = [root];
  for (let i = 0; i < scopes.length; i++) {
    for (const el of scopes[i].querySelectorAll('*')) {
      if (el.shadowRoot && !el.tagName.startsWith('AXTRACE-')) scopes.push(el.shadowRoot);
    }
  }
  return scopes;
}

/** firstMatch across open shadow roots: each selector is tried in every scope before the next one. */
export function deepFirstMatch<T extends Element = HTMLElement>(scopes: readonly ParentNode[], selectors: readonly string[], filter: (el: Element) => boolean = () => true): T | null {
  for (const selector of selectors) {
    for (const scope of scopes) {
      const found = [...scope.querySelectorAll(selector)].find(filter);
      if (found) return found as T;
    }
  }
  return null;
}

/** Every element matching a selector in any of the scopes (light DOM first, then shadow roots in tree order). */
export function deepQueryAll<T extends Element = HTMLElement>(scopes: readonly ParentNode[], selector: string): T[] {
  return scopes.flatMap((scope) => [...scope.querySelectorAll(selector)]) as T[];
}

/** A same-origin frame's document, or null (cross-origin frames read as null or throw). Realm-safe. */
export function frameDocument(frame: Element | null): Document | null {
  if (!frame || frame.tagName !== 'IFRAME') return null;
  try {
    return (frame as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null;
  }
}
