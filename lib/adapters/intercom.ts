import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { findEmail, firstMatch, isVisible, textOf } from './dom';
import { contentEditableEditor } from '../editors/contenteditable';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * Intercom Inbox, conversation view (../shared/HOST-APPS.md §7, confidence medium: ProseMirror is
 * certain, class names are volatile). The composer is ProseMirror (embercom-prosemirror-composer),
 * so text goes in through execCommand like Jira's. Selectors marked [R] are not in the collected
 * sources and are the first to check when this adapter reports adapter.miss.
 */
export const INTERCOM_SELECTORS = {
  // Conversation title (§7 Stream, [A] 70503028210); the 2021 card header ([V] toggl intercom.js).
  title: ['[data-inbox-conversation-header-title]', '[data-conversation-id] [data-intercom-target="conversation-card-header"] .conversation__card__title__text'],
  // Stream containers ([A] 70503028210, 16985210830).
  stream: ['[data-testid="conversation-stream-scroll-container"]', '[data-conversation-stream]'],
  // Parts; data-part-group-category 1 customer, 3 agent, 5 bot, 20 system ([A] 70503028210), 4 note ([A] 16985210830).
  part: '[data-part-group-id][data-part-group-category]',
  // Part body: .interblocks-html, or the inbox2__ / inbox-2__ classes (renamed in 2026, [A] 70558390292).
  partBody: ['.interblocks-html', '[class*="inbox-2__"]', '[class*="inbox2__"]'],
  // Part author: the avatar's alt text. [R]
  partAuthor: ['img[alt]'],
  // Customer name and details in the sidebar. [R]
  requester: ['[data-intercom-target="conversation-details-user-name"]'],
  details: ['[data-intercom-target="conversation-details"]'], // [R]
  company: ['[data-intercom-target="conversation-details-company"]'], // [R]
  // Composer: newer reply-composer attribute, then the embercom class ([A] 70503028210, 22916530167, 2448727361).
  editor: ['[data-conversation-reply-composer] .ProseMirror[contenteditable="true"]', '.ProseMirror.embercom-prosemirror-composer-editor[contenteditable="true"]'],
  // Note mode: the selected note tab, or the editor inside the note pane (Ember-era, [A] 22916530167).
  noteTab: ['.tabs__tab[data-intercom-target="note-tab"].o__selected', '[data-intercom-target="note-tab"][aria-selected="true"]'],
  notePane: '.conversation__text.o__note',
  // Send / Add note (Ember-era [A] 22916530167); a submit button in the newer composer. [R]
  send: ['.js__conversation-controls-buttons > div button', '[data-conversation-reply-composer] button[type="submit"]'],
} as const;

const S = INTERCOM_SELECTORS;
// /a/inbox/<app>/inbox/conversation/<id>, …/inbox/shared/all/conversation/<id>, …/inbox/admin/<admin>/conversation/<id>;
// the old /a/apps/<app>/conversations/<id> form redirects ([A] 16229800498, 71325926114, 66178066603).
const CONVERSATION_PATH = /^\/a\/(?:inbox\/[\w-]+\/inbox\/(?:[\w-]+\/)*conversation|apps\/[\w-]+\/conversations)\/(\d+)\/?$/;
const ROLES: Record<string, ThreadMessage['role']> = { '1': 'customer', '3': 'agent', '4': 'agent' };

function conversationId(doc: Document): string | null {
  return doc.location.pathname.match(CONVERSATION_PATH)?.[1] ?? null;
}

function thread(doc: Document): ThreadMessage[] {
  const stream = firstMatch(doc, S.stream);
  if (!stream) return [];
  return [...stream.querySelectorAll(S.part)]
    .filter((part) => part.getAttribute('data-part-group-category') !== '20') // system events
    .map((part): ThreadMessage => ({
      author: firstMatch(part, S.partAuthor)?.getAttribute('alt')?.trim().slice(0, 200) || undefined,
      role: ROLES[part.getAttribute('data-part-group-category') ?? ''] ?? 'unknown',
      text: textOf(firstMatch(part, S.partBody) ?? part, 20000),
    }))
    .filter((m) => m.text)
    .reverse();
}

export const intercomAdapter: SiteAdapter = {
  id: 'intercom',
  matches: ['https://app.intercom.com/a/inbox/*', 'https://app.intercom.com/a/apps/*', 'https://app.eu.intercom.com/a/*', 'https://app.au.intercom.com/a/*'],
  // app.intercom.com, and the regional app.eu./app.au. hosts [R].
  appliesTo: (url) => /^app\.(?:(?:eu|au)\.)?intercom\.com$/.test(url.hostname) && CONVERSATION_PATH.test(url.pathname),
  editor(doc): EditorHandle | null {
    const el = firstMatch(doc, S.editor, isVisible);
    return el ? contentEditableEditor(el) : null;
  },
  workflow(doc, editor) {
    if (editor?.element.closest(S.notePane) || firstMatch(doc, S.noteTab)) return 'internal-note';
    return 'ticket-reply';
  },
  context(doc): TaskContext {
    const messages = thread(doc);
    const details = firstMatch(doc, S.details);
    const name = textOf(firstMatch(doc, S.requester), 200) || messages.find((m) => m.role === 'customer')?.author;
    const email = findEmail(details);
    const company = textOf(firstMatch(doc, S.company), 200);
    return {
      recordId: conversationId(doc),
      subject: textOf(firstMatch(doc, S.title), 1000) || null,
      requester: name || email ? { name: name || undefined, email, company: company || undefined } : null,
      thread: messages,
      fields: {},
    };
  },
  submit(doc, editor, onSubmit) {
    const send = () => {
      const composer = editor.element.closest('[data-conversation-reply-composer]');
      return (composer && firstMatch(composer, S.send)) ?? firstMatch(doc, S.send, isVisible);
    };
    return watchButtonAndShortcut(doc, editor, send, onSubmit);
  },
};
