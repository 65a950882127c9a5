/**
 * Robust selectors for an element a person picked, best first: test attributes, then ARIA and
 * names, then ids that do not look generated, then stable classes, then a short path anchored on
 * the nearest stable ancestor. Each proposal carries how many elements it matches on the page, so
 * the person sees whether it is precise (one match) or, for a thread's messages, general enough.
 */
export interface SelectorProposal {
  selector: string;
  matches: number;
  basis: 'test attribute' | 'ARIA' | 'name' | 'id' | 'class' | 'position';
}

export type PickKind = 'single' | 'list';

const TEST_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy', 'data-automation-id', 'data-component'];
const MAX_PROPOSALS = 5;

export function proposeSelectors(picked: Element, kind: PickKind = 'single', root: Document = picked.ownerDocument): SelectorProposal[] {
  const el = describableTarget(picked, kind, root);
  const seen = new Set<string>();
  const out: SelectorProposal[] = [];
  for (const [selector, basis] of candidates(el, kind)) {
    if (seen.has(selector)) continue;
    seen.add(selector);
    const matches = countIfMatches(root, selector, el);
    if (matches > 0) out.push({ selector, matches, basis });
  }
  return rank(out, kind).slice(0, MAX_PROPOSALS);
}

/**
 * A click lands on the innermost element; the app's own marker is often on a wrapper a level or
 * two up (a message's text inside the message item). Prefer that wrapper when it carries a test
 * attribute: for a single field when it is unique and holds the same text, for a thread when the
 * marker is shared by several messages.
 */
export function describableTarget(el: Element, kind: PickKind, root: Document = el.ownerDocument): Element {
  if (testAttributeOf(el)) return el;
  let node = el.parentElement;
  for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
    const marker = testAttributeOf(node);
    if (!marker) continue;
    const count = countIfMatches(root, marker, node);
    const sameText = (node.textContent ?? '').trim() === (el.textContent ?? '').trim();
    if (kind === 'list' ? count > 1 : count === 1 && sameText) return node;
    return el;
  }
  return el;
}

function testAttributeOf(el: Element): string | null {
  for (const attr of TEST_ATTRIBUTES) {
    const value = el.getAttribute(attr);
    if (value !== null && !looksGenerated(value)) return `[${attr}="${cssString(value)}"]`;
  }
  return null;
}

/** Single fields want exactly one match; a thread wants the selector that finds the most messages. */
function rank(list: SelectorProposal[], kind: PickKind): SelectorProposal[] {
  if (kind === 'single') return [...list.filter((p) => p.matches === 1), ...list.filter((p) => p.matches !== 1)];
  const general = list.filter((p) => p.matches > 1).sort((a, b) => b.matches - a.matches);
  return [...general, ...list.filter((p) => p.matches <= 1)];
}

function* candidates(el: Element, kind: PickKind): Generator<[string, SelectorProposal['basis']]> {
  const tag = el.tagName.toLowerCase();
  for (const attr of TEST_ATTRIBUTES) {
    const value = el.getAttribute(attr);
    if (value === null) continue;
    if (kind === 'list' && looksGenerated(value)) yield [`[${attr}]`, 'test attribute'];
    else yield [`[${attr}="${cssString(value)}"]`, 'test attribute'];
  }
  const role = el.getAttribute('role');
  const label = el.getAttribute('aria-label');
  if (label) yield [`${role ? `[role="${cssString(role)}"]` : tag}[aria-label="${cssString(label)}"]`, 'ARIA'];
  if (role && !['presentation', 'none', 'generic'].includes(role)) yield [`${tag}[role="${cssString(role)}"]`, 'ARIA'];
  const name = el.getAttribute('name');
  if (name) yield [`${tag}[name="${cssString(name)}"]`, 'name'];
  if (el.id && !looksGenerated(el.id)) yield [`#${CSS.escape(el.id)}`, 'id'];
  const classes = stableClasses(el);
  if (classes.length) yield [`${tag}${classes.map((c) => `.${CSS.escape(c)}`).join('')}`, 'class'];
  if (classes.length > 1) for (const c of classes) yield [`${tag}.${CSS.escape(c)}`, 'class'];
  const anchored = anchoredPath(el, kind);
  if (anchored) yield [anchored, 'position'];
}

/** `<stable ancestor> <tag>:nth-of-type(n) …`, at most four steps below the anchor. */
function anchoredPath(el: Element, kind: PickKind): string | null {
  const steps: string[] = [];
  let node: Element | null = el;
  for (let depth = 0; node && depth < 5; depth++) {
    const anchor = depth > 0 ? stableSelectorOf(node) : null;
    if (anchor) return `${anchor} ${steps.join(' > ')}`;
    steps.unshift(stepOf(node, kind === 'list' && depth === 0));
    node = node.parentElement;
  }
  return null;
}

function stableSelectorOf(el: Element): string | null {
  const marker = testAttributeOf(el);
  if (marker) return marker;
  if (el.id && !looksGenerated(el.id)) return `#${CSS.escape(el.id)}`;
  const role = el.getAttribute('role');
  const label = el.getAttribute('aria-label');
  if (role && label) return `[role="${cssString(role)}"][aria-label="${cssString(label)}"]`;
  if (['MAIN', 'ARTICLE', 'FORM', 'ASIDE', 'HEADER'].includes(el.tagName)) return el.tagName.toLowerCase();
  return null;
}

function stepOf(el: Element, generalise: boolean): string {
  const tag = el.tagName.toLowerCase();
  const classes = stableClasses(el);
  const base = classes.length ? `${tag}.${CSS.escape(classes[0])}` : tag;
  if (generalise || !el.parentElement) return base;
  const sameTag = [...el.parentElement.children].filter((c) => c.tagName === el.tagName);
  return sameTag.length > 1 ? `${tag}:nth-of-type(${sameTag.indexOf(el) + 1})` : base;
}

/** Classes a build step did not generate (no hashes, CSS-in-JS prefixes or state classes). */
function stableClasses(el: Element): string[] {
  return [...el.classList].filter((c) => !looksGenerated(c) && !/^(css|sc|jsx|emotion|svelte)-|^_|^(is|has)-|active|selected|focus|hover/i.test(c)).slice(0, 3);
}

/** Ids and values with long digit runs, hex blobs or framework counters change between loads. */
export function looksGenerated(value: string): boolean {
  if (value.length > 60 || /\d{3,}|[0-9a-f]{8,}|^(ember|react|ng|mui|radix|headlessui|:r)[-:]?\d|^[a-z]{1,3}\d+$/i.test(value)) return true;
  // A hash-like token: letters and at least two digits mixed, e.g. `title-x9f3a2c1`.
  return value.split(/[-_:]/).some((token) => token.length >= 5 && /\d.*\d/.test(token) && /[a-z]/i.test(token));
}

function countIfMatches(root: Document, selector: string, el: Element): number {
  try {
    if (!el.matches(selector)) return 0;
    return root.querySelectorAll(selector).length;
  } catch {
    return 0;
  }
}

function cssString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ');
}
