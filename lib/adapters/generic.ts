import type { Workflow } from '../log/schema';
import type { TaskContext, ThreadMessage } from './context';
import type { SiteAdapter, SubmitTrigger } from './types';
import { editorFor, editableRoot, isEditable } from '../editors/detect';
import type { EditorHandle } from '../editors/types';
import { cleanText, findEmail, isVisible, precedes, recordIdFromUrl, textOf } from './dom';
import { sendOnce } from './submit-watchers';

/**
 * Works on any page: the editor is the focused one or else the largest visible; the subject is
 * the main heading; the thread is the text blocks above the editor, nearest first.
 */
export const genericAdapter: SiteAdapter = {
  id: 'generic',
  matches: ['<all_urls>'],
  appliesTo: () => true,
  editor: (doc) => editorFor(findEditorElement(doc)),
  workflow: (_doc, editor) => (editor ? workflowOf(editor.element) : 'reply'),
  context: (doc, editor) => readContext(doc, editor?.element ?? null),
  submit: watchSubmit,
};

const EDITOR_SELECTOR = 'textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';
const MIN_WIDTH = 120;
const MIN_HEIGHT = 28;

export function findEditorElement(doc: Document): HTMLElement | null {
  const candidates = [...doc.querySelectorAll(EDITOR_SELECTOR)]
    .map((el) => (el instanceof HTMLElement && el.isContentEditable ? editableRoot(el) : el))
    .filter((el): el is HTMLElement => isEditable(el) && isVisible(el) && bigEnough(el));
  if (candidates.length === 0) return null;
  const active = doc.activeElement;
  const focused = candidates.find((el) => el === active || (active && el.contains(active)));
  if (focused) return focused;
  return candidates.reduce((best, el) => (area(el) > area(best) ? el : best));
}

function bigEnough(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  return r.width >= MIN_WIDTH && r.height >= MIN_HEIGHT;
}

function area(el: Element): number {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
}

function workflowOf(editor: HTMLElement): Workflow {
  const label = [editor.getAttribute('aria-label'), editor.getAttribute('placeholder'), editor.getAttribute('name'), editor.id]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  if (/\bnote/.test(label)) return 'note';
  if (/e-?mail/.test(label)) return 'email';
  return 'reply';
}

const NOT_CONTENT = 'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="complementary"], form, script, style, noscript, template';
const MESSAGE_SELECTOR = 'article, [role="article"], [data-message], [data-testid*="message" i], [class*="message" i]';
const BLOCK_SELECTOR = 'p, li, blockquote, pre, div';
const MAX_THREAD = 10;

function readContext(doc: Document, editor: HTMLElement | null): TaskContext {
  const requesterEl = findRequesterElement(doc);
  return {
    recordId: recordIdFromUrl(new URL(doc.location.href)),
    subject: subjectOf(doc),
    requester: requesterEl ? requesterOf(requesterEl) : null,
    thread: threadAbove(doc, editor),
    fields: fieldsOf(doc),
  };
}

const REQUESTER_SELECTORS = [
  '[data-testid*="requester" i]',
  '[aria-label*="requester" i]',
  '[id*="requester" i]',
  '[class*="requester" i]',
  '[aria-label*="customer" i]',
  '[aria-label*="contact" i]',
];

/** The requester card: the first selector, most specific first, that names a non-editable region. */
function findRequesterElement(doc: Document): Element | null {
  for (const selector of REQUESTER_SELECTORS) {
    const found = [...doc.querySelectorAll(selector)].find((el) => !isEditable(el) && !el.closest('form') && !(el instanceof HTMLInputElement) && !(el instanceof HTMLButtonElement));
    if (found) return found;
  }
  return null;
}

function subjectOf(doc: Document): string | null {
  for (const selector of ['main h1', '[role="main"] h1', 'h1', 'main h2', '[role="main"] h2']) {
    const heading = [...doc.querySelectorAll(selector)].find((h) => isVisible(h) && !h.closest(NOT_CONTENT) && textOf(h));
    if (heading) return textOf(heading, 1000);
  }
  return cleanText(doc.title, 1000) || null;
}

function requesterOf(el: Element): TaskContext['requester'] {
  const nameEl = el.querySelector('h1, h2, h3, h4, strong, [itemprop="name"], [data-field="name"]');
  const name = textOf(nameEl, 200) || undefined;
  const company = textOf(el.querySelector('[itemprop="worksFor"], [data-field="company"], [class*="company" i], [class*="organization" i]'), 200) || undefined;
  const email = findEmail(el);
  return name || email ? { name, email, company } : null;
}

/** Message blocks above the editor, nearest first; without an editor, the page's last ones. */
function threadAbove(doc: Document, editor: HTMLElement | null): ThreadMessage[] {
  const inContent = (el: Element) => !el.closest(NOT_CONTENT) && (!editor || precedes(el, editor)) && isVisible(el);
  let blocks = [...doc.querySelectorAll(MESSAGE_SELECTOR)].filter(inContent);
  // Keep the outermost message containers only.
  blocks = blocks.filter((el) => !blocks.some((other) => other !== el && other.contains(el)));
  if (blocks.length === 0) {
    blocks = [...doc.querySelectorAll(BLOCK_SELECTOR)].filter(
      (el) => inContent(el) && ownText(el).length >= 20 && ![...el.children].some((c) => c.matches(BLOCK_SELECTOR) && textOf(c)),
    );
  }
  return blocks
    .slice(-MAX_THREAD)
    .reverse()
    .map((el) => messageOf(el))
    .filter((m) => m.text.length > 0);
}

function ownText(el: Element): string {
  return textOf(el, 2000);
}

function messageOf(el: Element): ThreadMessage {
  const body = el.querySelector('[data-role="body"], [class*="body" i], [class*="content" i], p');
  const authorEl = el.querySelector('[data-role="author"], [class*="author" i], [rel="author"], header strong, strong');
  const marker = [el.getAttribute('data-author-role'), el.getAttribute('data-role'), el.className].join(' ').toLowerCase();
  const role: ThreadMessage['role'] = /customer|requester|end-user|inbound|contact/.test(marker)
    ? 'customer'
    : /agent|staff|outbound|internal|rep/.test(marker)
      ? 'agent'
      : 'unknown';
  return { author: textOf(authorEl, 200) || undefined, role, text: textOf(body ?? el, 20000) };
}

function fieldsOf(doc: Document): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const dt of doc.querySelectorAll('dl dt')) {
    const dd = dt.nextElementSibling;
    const key = textOf(dt, 100).replace(/:$/, '');
    if (dd?.tagName === 'DD' && key && Object.keys(fields).length < 12) fields[key.toLowerCase()] = textOf(dd, 500);
  }
  return fields;
}

const GESTURE_WINDOW_MS = 1000;
const SEND_NAME = /\b(send|submit|reply|post|save|comment|respond)\b/i;

/** The host's send button for this editor: the form's submit button, or the nearest "send"-like button. */
export function findSendButton(editor: HTMLElement): HTMLElement | null {
  const form = editor.closest('form');
  const submit = form?.querySelector<HTMLElement>('button[type="submit"], input[type="submit"], button:not([type])');
  if (submit) return submit;
  let scope: Element | null = editor.parentElement;
  for (let depth = 0; scope && depth < 6; depth++, scope = scope.parentElement) {
    const button = [...scope.querySelectorAll<HTMLElement>('button, [role="button"], input[type="button"]')].find((b) =>
      SEND_NAME.test(b.getAttribute('aria-label') ?? b.textContent ?? (b as HTMLInputElement).value ?? ''),
    );
    if (button) return button;
  }
  return null;
}

/**
 * Submit detection: the editor's form is submitted, its send button is clicked, or Ctrl/Cmd+Enter
 * is pressed in it. Listeners run in the capture phase so the text is read before the host clears
 * the editor, and only trusted (real user) events count.
 */
export function watchSubmit(doc: Document, editor: EditorHandle, onSubmit: (trigger: SubmitTrigger, text: string) => void): () => void {
  const el = editor.element;
  // A submit event is trusted even when a page script calls form.requestSubmit(), so a form
  // submit counts only right after a real click or key press inside that form.
  let lastGestureInForm = 0;
  const once = sendOnce(GESTURE_WINDOW_MS);
  const fire = (trigger: SubmitTrigger) => {
    const text = editor.read();
    if (text.trim() && once(text)) onSubmit(trigger, text);
  };
  const onSubmitEvent = (e: Event) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.contains(el)) return;
    if (e.isTrusted && Date.now() - lastGestureInForm < GESTURE_WINDOW_MS) fire('form');
  };
  const noteGesture = (e: Event) => {
    const form = el.closest('form');
    if (e.isTrusted && form && e.target instanceof Node && form.contains(e.target)) lastGestureInForm = Date.now();
  };
  const onClick = (e: MouseEvent) => {
    noteGesture(e);
    if (!e.isTrusted) return;
    const button = findSendButton(el);
    // A submit button inside the form is reported by the submit event itself.
    if (button && e.target instanceof Node && button.contains(e.target) && !(button.closest('form')?.contains(el) && isSubmitButton(button))) {
      fire('button');
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') noteGesture(e);
    if (e.isTrusted && e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target instanceof Node && el.contains(e.target)) fire('shortcut');
  };
  doc.addEventListener('submit', onSubmitEvent, true);
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('keydown', onKey, true);
  return () => {
    doc.removeEventListener('submit', onSubmitEvent, true);
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('keydown', onKey, true);
  };
}

function isSubmitButton(el: HTMLElement): boolean {
  return (el instanceof HTMLButtonElement && (el.type === 'submit' || !el.getAttribute('type'))) || (el instanceof HTMLInputElement && el.type === 'submit');
}
