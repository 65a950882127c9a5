import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { firstMatch, isVisible, textOf } from './dom';
import { contentEditableEditor } from '../editors/contenteditable';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * Jira Service Management, issue view. Selectors follow ../shared/HOST-APPS.md §6: Atlassian spells
 * test ids `data-testid`, the comment box is ProseMirror (atlaskit editor), and JSM has two tabs —
 * "Add internal note" (first) and "Reply to customer".
 */
export const JIRA_SELECTORS = {
  // Issue key in the breadcrumb (toggl atlassian.js); falls back to the /browse/KEY-123 URL.
  issueKey: ['[data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container"]'],
  summary: ['h1[data-testid="issue.views.issue-base.foundation.summary.heading"]', '#jira-issue-header h1'],
  // Reporter (the JSM requester); [R] — not in the collected sources, kept as a fallback chain.
  reporter: ['[data-testid="issue.views.field.user.reporter"] [data-testid$="name"]', '[data-testid="issue.views.field.user.reporter"]'],
  // Comment bodies (Playwright [A] 71652054981): issue-comment-base.ui.comment.ak-comment.<id>-body.
  commentBody: ['[data-testid="issue.activity.comments-list"] [data-testid^="issue-comment-base.ui.comment.ak-comment."][data-testid$="-body"]'],
  commentAuthor: '[data-testid$="-header"]',
  // The expanded editor (measured DOM, [A] 71652054981; liferay userscript).
  editor: ['[data-testid="issue.activity.comment"] .ProseMirror#ak-editor-textarea[contenteditable="true"]', '.ak-editor-content-area .ProseMirror[contenteditable="true"]'],
  internalTab: ['#comment-editor-container-tabs-0'],
  save: ['[data-testid="comment-save-button"]'],
  status: ['[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"]'],
} as const;

const S = JIRA_SELECTORS;
const ISSUE_PATH = /\/browse\/([A-Z][A-Z0-9]+-\d+)/i;

function issueKey(doc: Document): string | null {
  return doc.location.pathname.match(ISSUE_PATH)?.[1] ?? (textOf(firstMatch(doc, S.issueKey), 50) || null);
}

function thread(doc: Document): ThreadMessage[] {
  return [...doc.querySelectorAll(S.commentBody[0])]
    .map((body): ThreadMessage => {
      const id = body.getAttribute('data-testid')!.replace(/-body$/, '');
      const header = doc.querySelector(`[data-testid="${CSS.escape(id)}-header"]`);
      // JSM marks comments by the requester with data-author-role in this fixture; roles are otherwise unknown.
      const role = body.closest('[data-author-role]')?.getAttribute('data-author-role');
      return { author: textOf(header, 200) || undefined, role: role === 'customer' ? 'customer' : role === 'agent' ? 'agent' : 'unknown', text: textOf(body, 20000) };
    })
    .filter((m) => m.text)
    .reverse();
}

export const jiraAdapter: SiteAdapter = {
  id: 'jira',
  // Jira Cloud, and Jira Data Center on a company's own `jira.` host.
  matches: ['https://*.atlassian.net/browse/*', 'https://*.atlassian.net/jira/servicedesk/*', '*://jira.*/browse/*'],
  appliesTo: (url) =>
    (url.hostname.endsWith('.atlassian.net') || url.hostname.startsWith('jira.')) &&
    (ISSUE_PATH.test(url.pathname) || url.pathname.startsWith('/jira/servicedesk/')),
  editor(doc): EditorHandle | null {
    const el = firstMatch(doc, S.editor, isVisible);
    return el ? contentEditableEditor(el) : null;
  },
  workflow(doc) {
    return firstMatch(doc, S.internalTab)?.getAttribute('aria-selected') === 'true' ? 'internal-note' : 'ticket-reply';
  },
  context(doc): TaskContext {
    const reporter = textOf(firstMatch(doc, S.reporter), 200);
    const status = textOf(firstMatch(doc, S.status), 100);
    return {
      recordId: issueKey(doc),
      subject: textOf(firstMatch(doc, S.summary), 1000) || null,
      requester: reporter ? { name: reporter } : null,
      thread: thread(doc),
      fields: status ? { status } : {},
    };
  },
  submit(doc, editor, onSubmit) {
    return watchButtonAndShortcut(doc, editor, () => firstMatch(doc, S.save), onSubmit);
  },
};
