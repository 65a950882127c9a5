import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { firstMatch, isVisible, textOf } from './dom';
import { froalaEditor } from '../editors/froala';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * Freshdesk ticket view (../shared/HOST-APPS.md §4, confidence medium): `data-test-id` spelling,
 * Ember classes, the Froala editor opened by "Reply" (text goes in through Froala's API). Selectors marked [R] are not in the
 * collected sources and are the first to check when this adapter reports adapter.miss.
 */
export const FRESHDESK_SELECTORS = {
  subject: ['.ticket-subject-heading'], // toggl freshdesk.js
  number: ['.breadcrumb__item.active'], // toggl freshdesk.js
  message: ['.ticket-details__item'], // [A] 24096991835
  messageBody: ['.ticket-details__item__content .text__content', '.ticket-details__item__content'],
  messageSender: ['.sender-info [data-test-id="user-name"]'], // [A] 48760581351
  requester: ['.requester-wrap [data-test-id="user-name"]', '.sender-info [data-test-id="user-name"]'], // [A] 48760581351
  status: ['[data-test-id="tkt-properties-status"] .ember-power-select-selected-item'], // [A] 48760581351
  editor: ['div.fr-element.fr-view[contenteditable="true"]'], // [A] 41611061482
  noteComposer: '[data-test-id="note-editor"]', // [R]
  send: ['[data-test-id="send-button"]', '[data-test-id="add-note-button"]'], // [R]
} as const;

const S = FRESHDESK_SELECTORS;
const TICKET_PATH = /\/a\/tickets\/(\d+)/;

/** Heading text without the controls Freshdesk nests in it. */
function subjectOf(doc: Document): string | null {
  const heading = firstMatch(doc, S.subject);
  if (!heading) return null;
  const text = [...heading.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' ');
  return text.replace(/\s+/g, ' ').trim() || null;
}

function thread(doc: Document): ThreadMessage[] {
  const requester = textOf(firstMatch(doc, S.requester), 200);
  return [...doc.querySelectorAll(S.message[0])]
    .map((item): ThreadMessage => {
      const author = textOf(firstMatch(item, S.messageSender), 200) || undefined;
      return { author, role: author && author === requester ? 'customer' : 'unknown', text: textOf(firstMatch(item, S.messageBody), 20000) };
    })
    .filter((m) => m.text)
    .reverse();
}

export const freshdeskAdapter: SiteAdapter = {
  id: 'freshdesk',
  matches: ['https://*.freshdesk.com/a/tickets/*'],
  appliesTo: (url) => url.hostname.endsWith('.freshdesk.com') && TICKET_PATH.test(url.pathname),
  editor(doc): EditorHandle | null {
    const el = firstMatch(doc, S.editor, isVisible);
    return el ? froalaEditor(el) : null;
  },
  workflow: (_doc, editor) => (editor?.element.closest(S.noteComposer) ? 'internal-note' : 'ticket-reply'),
  context(doc): TaskContext {
    const requester = textOf(firstMatch(doc, S.requester), 200);
    const status = textOf(firstMatch(doc, S.status), 100);
    return {
      recordId: doc.location.pathname.match(TICKET_PATH)?.[1] ?? (textOf(firstMatch(doc, S.number), 50).replace(/^#/, '') || null),
      subject: subjectOf(doc),
      requester: requester ? { name: requester } : null,
      thread: thread(doc),
      fields: status ? { status } : {},
    };
  },
  submit(doc, editor, onSubmit) {
    return watchButtonAndShortcut(doc, editor, () => firstMatch(doc, S.send), onSubmit);
  },
};
