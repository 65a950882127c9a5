import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { firstMatch, isVisible, textOf } from './dom';
import { ckeditor5Editor } from '../editors/ckeditor5';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * Zendesk Agent Workspace, ticket page. Selectors follow ../shared/HOST-APPS.md §1: Zendesk spells
 * its test ids `data-test-id`, keeps several tickets mounted at once (so every query is scoped to
 * the active ticket), and composes in CKEditor 5.
 */
export const ZENDESK_SELECTORS = {
  // Active ticket tab carries the ticket id (HOST-APPS [A] 60453746468).
  activeTab: ['[data-test-id="header-tab"][aria-current="page"][data-entity-id]'],
  // Per-ticket scope (toggl zendesk.js; [A] 60453746468, 25153425712).
  scope: (id: string) => [`[data-side-conversations-anchor-id="${id}"]`, `[data-ticket-id="${id}"]`],
  // Subject is an input (toggl zendesk.js; Cypress page object [A] 25208516925).
  subject: ['input[data-test-id="omni-header-subject"]', 'input[aria-label="Subject"]'],
  // Requester select ([A] 46206427149, 10168832151).
  requester: ['[data-test-id="ticket-system-field-requester-select"]'],
  // Conversation log (PsycoStea content.js; [A] 52454386146).
  logItem: ['[data-test-id="omni-log-container"] article[data-test-id="omni-log-comment-item"]'],
  logMessage: ['[data-test-id="omni-log-item-message"]'],
  logContent: ['[data-test-id="omni-log-message-content"]'],
  logSender: ['[data-test-id="omni-log-item-sender"]'],
  // CKEditor 5 editable (PsycoStea; role from [A] 26149089461).
  editor: ['[contenteditable="true"][data-test-id="omnicomposer-rich-text-ckeditor"]', '.ck-editor__editable[role="textbox"][contenteditable="true"]'],
  // Channel switcher: aria-label names the current channel ([A] 25208516925).
  channel: ['[data-test-id="omnichannel-channel-switcher-button"]'],
  submit: ['[data-test-id="submit_button-button"]'],
  // Key fields by their test ids.
  status: ['[data-test-id="ticket-system-field-status-select"]'],
  priority: ['[data-test-id="ticket-system-field-priority-select"]'],
} as const;

const S = ZENDESK_SELECTORS;
const TICKET_PATH = /\/agent\/tickets\/(\d+)/;

function activeTicketId(doc: Document): string | null {
  const tab = firstMatch(doc, S.activeTab);
  return tab?.getAttribute('data-entity-id') ?? doc.location.pathname.match(TICKET_PATH)?.[1] ?? null;
}

/** The mounted ticket view that is on screen (hidden duplicates are skipped). */
function activeScope(doc: Document): Element | null {
  const id = activeTicketId(doc);
  return id ? firstMatch(doc, S.scope(id), isVisible) : null;
}

function threadOf(scope: Element): ThreadMessage[] {
  return [...scope.querySelectorAll(S.logItem[0])]
    .map((item): ThreadMessage => {
      const message = firstMatch(item, S.logMessage);
      const type = message?.getAttribute('type');
      return {
        author: textOf(firstMatch(item, S.logSender), 200) || undefined,
        role: type === 'end-user' ? 'customer' : type === 'agent' ? 'agent' : 'unknown',
        text: textOf(firstMatch(item, S.logContent) ?? message, 20000),
      };
    })
    .filter((m) => m.text)
    .reverse();
}

export const zendeskAdapter: SiteAdapter = {
  id: 'zendesk',
  matches: ['https://*.zendesk.com/agent/*'],
  appliesTo: (url) => url.hostname.endsWith('.zendesk.com') && url.pathname.startsWith('/agent/'),
  editor(doc): EditorHandle | null {
    const scope = activeScope(doc);
    const el = scope ? firstMatch(scope, S.editor, isVisible) : null;
    return el ? ckeditor5Editor(el) : null;
  },
  workflow(doc) {
    const scope = activeScope(doc);
    const channel = scope ? firstMatch(scope, S.channel)?.getAttribute('aria-label') ?? '' : '';
    return /internal/i.test(channel) ? 'internal-note' : 'ticket-reply';
  },
  context(doc): TaskContext {
    const scope = activeScope(doc);
    if (!scope) return { recordId: activeTicketId(doc), subject: null, requester: null, thread: [], fields: {} };
    const subject = firstMatch<HTMLInputElement>(scope, S.subject)?.value.trim() || null;
    const requesterName = textOf(firstMatch(scope, S.requester), 200);
    const fields: Record<string, string> = {};
    for (const key of ['status', 'priority'] as const) {
      const value = textOf(firstMatch(scope, S[key]), 100);
      if (value) fields[key] = value;
    }
    return {
      recordId: activeTicketId(doc),
      subject,
      requester: requesterName ? { name: requesterName } : null,
      thread: threadOf(scope),
      fields,
    };
  },
  submit(doc, editor, onSubmit) {
    return watchButtonAndShortcut(doc, editor, () => activeScope(doc) && firstMatch(activeScope(doc)!, S.submit), onSubmit);
  },
};

