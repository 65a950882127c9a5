import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { cleanText, firstMatch, isVisible, textOf } from './dom';
import { contentEditableEditor } from '../editors/contenteditable';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * Gmail, thread view and compose (../shared/HOST-APPS.md §8, confidence high). Threads are a hash
 * route; the compose body is a plain contenteditable (no editor library), so execCommand text
 * lands in the browser's own undo stack. Gmail's classes are obfuscated but long-lived: the ones
 * here are what gmail.js, InboxSDK and FlowCrypt query.
 */
export const GMAIL_SELECTORS = {
  // Subject h2.hP inside .ha ([V] gmail.js, FlowCrypt gmail-element-replacer.ts; InboxSDK `.ha h2`).
  subject: ['h2.hP', '.ha h2'],
  // The h2 carries the legacy thread id ([V] InboxSDK gmail-thread-view.ts).
  threadId: 'data-legacy-thread-id',
  // Expanded messages ([V] gmail.js dom config; FlowCrypt msgOuter 'div.adn').
  message: ['div.adn.ads[data-message-id]', 'div.adn.ads'],
  // Sender span.gD with email and name attributes; recipients span.g2; time span.g3 ([V] gmail.js).
  sender: ['span.gD[email]'],
  recipients: 'span.g2[email]',
  time: ['span.g3'],
  // Message body ([V] gmail.js; FlowCrypt msgInner 'div.a3s').
  body: ['div.a3s'],
  // Quoted text inside a body ([V] gmail.js).
  quote: '.gmail_quote',
  // Compose body ([V] InboxSDK gmail-compose-view.ts `.Ap [g_editable=true]`; gmail.js; [A] 52465338534, 58454593817).
  editor: ['div[contenteditable="true"][g_editable="true"][role="textbox"]', '.Ap [g_editable="true"][contenteditable="true"]', 'div.Am.Al.editable[contenteditable="true"]'],
  // Compose root div.M9 ([V] gmail.js).
  compose: 'div.M9',
  // Send: InboxSDK's selector (schedule send has aria-haspopup), then the data-tooltip form, which
  // is locale-dependent ([V] InboxSDK 2023-09-11; [A] 53262827673, 6689368023, 70932260194).
  send: ['.IZ .Up div > div[role=button]:not(.Uo):not([aria-haspopup=true])', 'div[role="button"][data-tooltip^="Send"]'],
} as const;

const S = GMAIL_SELECTORS;
// gmail.js matches the thread id at the end of the hash route with /[0-9a-zA-Z]{16,}$/ ([V] gmail.js).
const THREAD_ID = /\/([0-9a-zA-Z]{16,})$/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

function threadId(doc: Document): string | null {
  const hash = doc.location.hash.split('?')[0];
  return hash.match(THREAD_ID)?.[1] ?? firstMatch(doc, S.subject, isVisible)?.getAttribute(S.threadId) ?? null;
}

/** The signed-in account: Gmail's title reads "Inbox (3) - name@example.com - Gmail". [R] */
function accountEmail(doc: Document): string | undefined {
  return doc.title.match(EMAIL)?.[0]?.toLowerCase();
}

/** Message text without the quoted earlier messages Gmail keeps under .gmail_quote. */
function bodyText(body: Element): string {
  const copy = body.cloneNode(true) as Element;
  copy.querySelectorAll(S.quote).forEach((q) => q.remove());
  // innerText needs layout, which a detached copy has not: keep block breaks by hand.
  copy.querySelectorAll('br').forEach((br) => br.replaceWith('\n'));
  copy.querySelectorAll('div, p').forEach((block) => block.append('\n'));
  return cleanText(copy.textContent, 20000);
}

interface Message extends ThreadMessage {
  email?: string;
}

function messages(doc: Document): Message[] {
  const me = accountEmail(doc);
  return [...doc.querySelectorAll(S.message[0])]
    .filter(isVisible)
    .map((message): Message => {
      const sender = firstMatch(message, S.sender);
      const email = sender?.getAttribute('email')?.toLowerCase() || undefined;
      const author = (sender?.getAttribute('name') || textOf(sender, 200)).slice(0, 200) || undefined;
      const body = firstMatch(message, S.body);
      // The person's own messages (sent from the signed-in account) are not the customer's.
      return { author, email, role: me && email ? (email === me ? 'agent' : 'customer') : 'unknown', text: body ? bodyText(body) : '' };
    })
    .filter((m) => m.text)
    .reverse();
}

export const gmailAdapter: SiteAdapter = {
  id: 'gmail',
  matches: ['https://mail.google.com/mail/*'],
  appliesTo: (url) => url.hostname === 'mail.google.com' && url.pathname.startsWith('/mail/'),
  editor(doc): EditorHandle | null {
    const el = firstMatch(doc, S.editor, isVisible);
    return el ? contentEditableEditor(el) : null;
  },
  workflow: () => 'email',
  context(doc): TaskContext {
    const list = messages(doc);
    // Latest message not sent by the person, else the latest message.
    const from = list.find((m) => m.role === 'customer') ?? list.find((m) => m.role !== 'agent');
    const latest = doc.querySelectorAll(S.message[0]);
    const last = [...latest].filter(isVisible).pop();
    const fields: Record<string, string> = {};
    const to = last ? [...last.querySelectorAll(S.recipients)].map((r) => r.getAttribute('email')).filter(Boolean).join(', ') : '';
    if (to) fields.to = to.slice(0, 500);
    const time = last ? firstMatch(last, S.time) : null;
    const date = time?.getAttribute('title') || textOf(time, 100);
    if (date) fields.date = date.slice(0, 500);
    return {
      recordId: threadId(doc),
      subject: textOf(firstMatch(doc, S.subject, isVisible), 1000) || null,
      requester: from ? { name: from.author, email: from.email } : null,
      thread: list.map(({ author, role, text }) => ({ author, role, text })),
      fields,
    };
  },
  submit(doc, editor, onSubmit) {
    const send = () => {
      const compose = editor.element.closest(S.compose);
      return (compose && firstMatch(compose, S.send)) ?? firstMatch(doc, S.send, isVisible);
    };
    return watchButtonAndShortcut(doc, editor, send, onSubmit);
  },
};
