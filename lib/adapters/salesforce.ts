import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { deepFirstMatch, deepQueryAll, findEmail, frameDocument, isVisible, openShadowScopes, textOf } from './dom';
import { contentEditableEditor } from '../editors/contenteditable';
import { ckeditor4Editor } from '../editors/ckeditor4';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * Salesforce Lightning Experience, Case record page (../shared/HOST-APPS.md §2, confidence
 * medium-high). LWC renders with synthetic shadow by default, so content scripts see the
 * `lightning-*` / `records-*` tags in the light DOM; components in native ("mixed") shadow mode
 * would hide theirs in open shadow roots, so every query here also looks inside open shadow roots.
 * LEX keeps cached record views mounted and hidden: everything is read in the visible view.
 *
 * Workflows: a Chatter post in the case feed is seen by agents only (Quill composer) — the ticket's
 * 'internal-note'. The email composer (CKEditor 4, two iframes deep) writes to the customer who
 * raised the case, in the Email-to-Case thread: a support ticket's reply, 'ticket-reply', not a
 * sales 'crm-email'.
 */
export const SALESFORCE_SELECTORS = {
  // The record view on screen (toggl force.js); hidden cached views share the class ([A] 54547864497).
  view: ['.slds-template__container > .lafSinglePaneWindowManager > .windowViewMode-normal', '.windowViewMode-normal'],
  // Highlights panel items, told apart by their label's title ([A] 54497683, 55584892739).
  highlightItem: 'records-highlights2 records-highlights-details-item',
  highlightLabel: (label: string) => `p[title="${label}"]`,
  highlightValue: ['lightning-formatted-text', 'p.fieldComponent'],
  // Page header title (toggl force.js): the Case record's name, i.e. its number.
  headerTitle: ['.slds-page-header__title lightning-formatted-text'],
  // Subject ([A] 54497683).
  subject: ['support-output-case-subject-field lightning-formatted-text'],
  // Lookups by field label ([A] 54497683); "Contact Name" by analogy, "Contact Email" [R].
  lookup: (label: string) => `records-record-layout-item[field-label="${label}"] force-lookup a`,
  contactEmail: ['records-record-layout-item[field-label="Contact Email"]'], // [R]
  // Feed posts and their bodies; replies nest inside a post ([A] 66613789480, 54497793758, 304381986).
  post: 'article.cuf-feedElement.cuf-feedItem',
  postBody: 'div.cuf-feedBodyText',
  comment: 'article.cuf-commentItem.forceChatterComment',
  // Post author link in the feed item header. [R]
  postAuthor: ['.cuf-entityLink', 'header a'],
  // Post composer: Quill in lightning-input-rich-text ([A] 56170969246, 55049624770, 26127977107, 41798104881).
  postEditor: ['.forceChatterMessageBodyInputRichTextEditor div.ql-editor.slds-rich-text-area__content[contenteditable="true"]', 'div.ql-editor.slds-rich-text-area__content[contenteditable="true"]'],
  publisher: '.forceChatterPublisherPresentationDesktop',
  // Share: title "Click, or press Ctrl+Enter" ([A] 3054152665).
  share: ['button.cuf-publisherShareButton'],
  // Email composer: CKEditor 4 two frames deep ([A] 5727725295, 42471407712).
  emailOuterFrame: ['iframe[title="CK Editor Container"]'],
  emailInnerFrame: ['iframe[title="Email Body"]'],
  emailBody: ['body[role="textbox"][contenteditable="true"]'],
  // Email composer container ([A] 53407851717); Send is the button whose span reads "Send" ([A] 5727725295).
  emailComposer: ['[data-component-id="emailComposer"]', '.forceChatterPublisherEmail'],
  emailSendLabel: 'button span',
} as const;

const S = SALESFORCE_SELECTORS;
// /lightning/r/Case/<500…>/view: the id is 15 or 18 characters, Case ids start with 500 (toggl force.js; [A] 56170969246).
const CASE_PATH = /^\/lightning\/r\/Case\/(500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/view\/?$/;

function caseId(doc: Document): string | null {
  return doc.location.pathname.match(CASE_PATH)?.[1] ?? null;
}

/** The visible record view (and the open shadow roots inside it), or the whole page without one. */
function viewScopes(doc: Document): ParentNode[] {
  const page = openShadowScopes(doc);
  const view = deepFirstMatch(page, S.view, isVisible);
  return view ? openShadowScopes(view) : page;
}

function highlight(scopes: ParentNode[], label: string): string {
  const item = deepQueryAll(scopes, S.highlightItem).find((i) => i.querySelector(S.highlightLabel(label)));
  const value = item && (S.highlightValue.map((s) => item.querySelector(s)).find(Boolean) ?? null);
  return textOf(value, 500);
}

/** The CKEditor 4 body inside the visible email composer's two frames, if any. */
function emailBody(scopes: ParentNode[]): HTMLElement | null {
  const outer = frameDocument(deepFirstMatch(scopes, S.emailOuterFrame, isVisible));
  const inner = outer && frameDocument(deepFirstMatch([outer], S.emailInnerFrame, isVisible));
  return inner ? deepFirstMatch([inner], S.emailBody) : null;
}

function isEmailBody(el: Element): boolean {
  return el.tagName === 'BODY';
}

function thread(scopes: ParentNode[], contact: string): ThreadMessage[] {
  // The feed lists the latest activity first, which is the order the context wants.
  return deepQueryAll(scopes, S.post)
    .filter((post) => !post.matches(S.comment))
    .map((post): ThreadMessage => {
      const body = [...post.querySelectorAll(S.postBody)].find((b) => b.closest('article') === post);
      const authorEl = S.postAuthor.map((s) => [...post.querySelectorAll(s)].find((a) => a.closest('article') === post)).find(Boolean);
      const author = textOf(authorEl, 200) || undefined;
      // The case contact's messages are the customer's; everyone else in the feed works on the case.
      const role = author && contact ? (author === contact ? 'customer' : 'agent') : 'unknown';
      return { author, role, text: textOf(body, 20000) };
    })
    .filter((m) => m.text)
    .slice(0, 50);
}

export const salesforceAdapter: SiteAdapter = {
  id: 'salesforce',
  matches: ['https://*.lightning.force.com/lightning/r/Case/*'],
  appliesTo: (url) => url.hostname.endsWith('.lightning.force.com') && CASE_PATH.test(url.pathname),
  editor(doc): EditorHandle | null {
    const scopes = viewScopes(doc);
    const body = emailBody(scopes);
    const post = deepFirstMatch(scopes, S.postEditor, isVisible);
    // Both composers can be open (tabs keep their content): the one the person is in, else the email.
    const focused = (el: Element | null) => Boolean(el && el.ownerDocument.hasFocus() && el.ownerDocument.activeElement === el);
    if (post && (focused(post) || !body)) return contentEditableEditor(post);
    return body ? ckeditor4Editor(body) : null;
  },
  workflow(doc, editor) {
    if (editor) return isEmailBody(editor.element) ? 'ticket-reply' : 'internal-note';
    return emailBody(viewScopes(doc)) ? 'ticket-reply' : 'internal-note';
  },
  context(doc): TaskContext {
    const scopes = viewScopes(doc);
    const contact = textOf(deepFirstMatch(scopes, [S.lookup('Contact Name')]), 200);
    const account = textOf(deepFirstMatch(scopes, [S.lookup('Account Name')]), 200);
    const email = findEmail(deepFirstMatch(scopes, S.contactEmail));
    const fields: Record<string, string> = {};
    const number = highlight(scopes, 'Case Number') || textOf(deepFirstMatch(scopes, S.headerTitle), 100);
    if (number) fields.caseNumber = number;
    for (const [key, label] of [['status', 'Status'], ['priority', 'Priority']] as const) {
      const value = highlight(scopes, label);
      if (value) fields[key] = value;
    }
    if (account) fields.account = account;
    return {
      recordId: caseId(doc),
      subject: textOf(deepFirstMatch(scopes, S.subject), 1000) || null,
      requester: contact || email ? { name: contact || undefined, email, company: account || undefined } : null,
      thread: thread(scopes, contact),
      fields,
    };
  },
  submit(doc, editor, onSubmit) {
    if (!isEmailBody(editor.element)) {
      const share = () => {
        const publisher = editor.element.closest(S.publisher);
        return (publisher && S.share.map((s) => publisher.querySelector(s)).find(Boolean)) ?? deepFirstMatch(viewScopes(doc), S.share, isVisible);
      };
      return watchButtonAndShortcut(doc, editor, share, onSubmit);
    }
    // Send is outside the editor's frames; Ctrl+Enter happens inside them, in the editor's document.
    const send = () => {
      const scopes = viewScopes(doc);
      const composer = deepFirstMatch(scopes, S.emailComposer, isVisible);
      const spans = composer ? [...composer.querySelectorAll(S.emailSendLabel)] : deepQueryAll(scopes, S.emailSendLabel);
      return spans.find((span) => span.textContent?.trim() === 'Send' && isVisible(span))?.closest('button') ?? null;
    };
    const offClick = watchButtonAndShortcut(doc, editor, send, onSubmit);
    const offKey = watchButtonAndShortcut(editor.element.ownerDocument, editor, () => null, onSubmit);
    return () => {
      offClick();
      offKey();
    };
  },
};
