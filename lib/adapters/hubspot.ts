import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { findEmail, firstMatch, isVisible, textOf } from './dom';
import { contentEditableEditor } from '../editors/contenteditable';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * HubSpot CRM record pages: contact (0-1) and ticket (0-5) ../shared/HOST-APPS.md §3 (attributes
 * medium confidence, editor low). Test attributes are `data-test-id` and `data-selenium-test`;
 * class names are randomised styled-components and never used.
 *
 * Editor: the family is not verified (Draft.js historically, maybe ProseMirror/TipTap now), so this
 * adapter asks nothing of it beyond being a contenteditable textbox, and inserts through
 * execCommand('insertText'), which Draft.js, ProseMirror/TipTap and plain contenteditable all take
 * into their own model and undo. The fixture uses ProseMirror: a model-keeping editor with its own
 * undo history is the stricter test, and it is the likelier current candidate (§3).
 * Selectors marked [R] are not in the collected sources and are the first to check on adapter.miss.
 */
export const HUBSPOT_SELECTORS = {
  // Highlight card and its title (toggl hubspot.js).
  highlightCard: ['[data-card-type="OBJECT_HIGHLIGHT"]'],
  highlightTitle: ['[data-selenium-test="highlightTitle"]'],
  // Highlight details: the contact's email/phone lines (toggl hubspot.js).
  highlightDetails: ['div[data-selenium-test$="-highlight-details"]'],
  highlightDetailLine: 'h3',
  // Ticket subject and contact ([A] 62522385779).
  ticketSubject: ['[data-test-id="highlight-property-display-subject"]'],
  ticketContact: ['[data-test-id="contact-chicklet-title-link"]'],
  // Layout panes ([A] 25540637676).
  leftSidebar: ['[data-test-id="left-sidebar"]'],
  middlePane: ['[data-test-id="middle-pane"]'],
  rightSidebar: ['[data-test-id="records-right-sidebar"]'],
  // Associated company card in the right sidebar: the card wrapper id [R], the label (toggl hubspot.js).
  company: ['[data-test-id="records-right-sidebar"] [data-test-id="card-wrapper-COMPANY"] [data-test-id="truncated-object-label"]', '[data-test-id="records-right-sidebar"] [data-test-id="truncated-object-label"]'],
  // Key properties in the left sidebar ([A] 25540637676); one row per property with its name [R].
  propertySidebar: ['[data-selenium-test="highlightedPropertySidebar"]'],
  property: '[data-selenium-test^="property-input-"]',
  propertyValue: '[data-selenium-test="property-value"]', // [R]
  // Activity timeline inside the activities card ([A] 25540637676); items and their parts [R],
  // except the email sender ([A] 62522385779).
  timeline: ['[data-test-id^="card-wrapper-ACTIVITIES_V2"]'],
  timelineItem: '[data-selenium-test="timeline-card"]',
  timelineType: 'data-engagement-type', // EMAIL, INCOMING_EMAIL, NOTE, CALL [R]
  timelineSender: ['[data-test-id="email-sender"] strong', '[data-test-id="timeline-card-actor"]'],
  timelineBody: ['[data-test-id="timeline-card-body"]'],
  // Composer: a contenteditable textbox in the communicator dialog ([A] 37019916295 for the
  // contenteditable body and the email's subject textbox; the dialog and labels [R]).
  composer: ['[role="dialog"][data-test-id="communicator"]', '[role="dialog"]'],
  editor: ['[data-test-id="communicator"] [contenteditable="true"][role="textbox"]', '[role="dialog"] [contenteditable="true"][role="textbox"]'],
  emailSubject: ['input[aria-label="Subject"]', 'input[placeholder="Subject"]'],
  // Save/send for notes, calls and email ([A] 47377118998).
  save: ['[data-selenium-test="rich-text-editor-controls__save-btn"]'],
} as const;

const S = HUBSPOT_SELECTORS;
// /contacts/<portal>/record/<objectTypeId>/<recordId>; the path says /contacts/ for every type ([A] 25540637676, 66597856297).
const RECORD_PATH = /^\/contacts\/(\d+)\/record\/(0-\d+)\/(\d+)\/?/;
const OBJECT_TYPES: Record<string, string> = { '0-1': 'contact', '0-2': 'company', '0-3': 'deal', '0-5': 'ticket' };
// Engagement types on timeline cards [R]: incoming email is the customer's.
const ROLES: Record<string, ThreadMessage['role']> = { INCOMING_EMAIL: 'customer', EMAIL: 'agent', NOTE: 'agent', CALL: 'agent' };

function record(doc: Document): { type: string; id: string } | null {
  const m = doc.location.pathname.match(RECORD_PATH);
  return m ? { type: m[2], id: m[3] } : null;
}

function composerOf(editor: Element): Element | null {
  for (const s of S.composer) {
    const c = editor.closest(s);
    if (c) return c;
  }
  return null;
}

function thread(doc: Document): ThreadMessage[] {
  const card = firstMatch(doc, S.timeline, isVisible);
  if (!card) return [];
  // The timeline lists the latest activity first, the order the context wants.
  return [...card.querySelectorAll(S.timelineItem)]
    .map((item): ThreadMessage => {
      const type = item.getAttribute(S.timelineType) ?? '';
      return {
        author: textOf(firstMatch(item, S.timelineSender), 200) || undefined,
        role: ROLES[type] ?? 'unknown',
        text: textOf(firstMatch(item, S.timelineBody), 20000),
      };
    })
    .filter((m) => m.text)
    .slice(0, 50);
}

function properties(doc: Document): Record<string, string> {
  const fields: Record<string, string> = {};
  const sidebar = firstMatch(doc, S.propertySidebar);
  for (const row of sidebar ? [...sidebar.querySelectorAll(S.property)].slice(0, 20) : []) {
    const name = row.getAttribute('data-selenium-test')!.slice('property-input-'.length).slice(0, 100);
    const value = textOf(row.querySelector(S.propertyValue), 500);
    if (name && value) fields[name] = value;
  }
  return fields;
}

export const hubspotAdapter: SiteAdapter = {
  id: 'hubspot',
  matches: ['https://app.hubspot.com/contacts/*/record/*', 'https://app-eu1.hubspot.com/contacts/*/record/*'],
  // app.hubspot.com and the EU host app-eu1 ([A] danguenet/hs-nav popup.js).
  appliesTo: (url) => /^app(?:-[a-z]+\d+)?\.hubspot\.com$/.test(url.hostname) && RECORD_PATH.test(url.pathname),
  editor(doc): EditorHandle | null {
    const el = firstMatch(doc, S.editor, isVisible);
    return el ? contentEditableEditor(el) : null;
  },
  workflow(doc, editor) {
    // An email has a subject textbox; a note has none ([A] 37019916295).
    const composer = editor ? composerOf(editor.element) : firstMatch(doc, S.composer, isVisible);
    return composer && firstMatch(composer, S.emailSubject) ? 'crm-email' : 'crm-note';
  },
  context(doc): TaskContext {
    const rec = record(doc);
    const fields = properties(doc);
    if (rec) fields.objectType = OBJECT_TYPES[rec.type] ?? rec.type;
    const title = textOf(firstMatch(doc, S.highlightTitle, isVisible), 500);
    const isTicket = rec?.type === '0-5';
    const subject = isTicket ? textOf(firstMatch(doc, S.ticketSubject), 1000) || title : title;
    const details = firstMatch(doc, S.highlightDetails);
    const messages = thread(doc);
    // A contact page is the person; a ticket names its contact in a chicklet, or the latest sender.
    const name = isTicket
      ? textOf(firstMatch(doc, S.ticketContact), 200) || messages.find((m) => m.role === 'customer')?.author
      : title;
    const email = findEmail(details);
    const company = textOf(firstMatch(doc, S.company), 200);
    return {
      recordId: rec ? `${rec.type}/${rec.id}` : null,
      subject: subject || null,
      requester: name || email ? { name: name || undefined, email, company: company || undefined } : null,
      thread: messages,
      fields,
    };
  },
  submit(doc, editor, onSubmit) {
    const save = () => {
      const composer = composerOf(editor.element);
      return (composer && firstMatch(composer, S.save)) ?? firstMatch(doc, S.save, isVisible);
    };
    return watchButtonAndShortcut(doc, editor, save, onSubmit);
  },
};
