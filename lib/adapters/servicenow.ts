import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import { firstMatch, isVisible, textOf } from './dom';
import { editorFor } from '../editors/detect';
import type { EditorHandle } from '../editors/types';
import { watchButtonAndShortcut } from './submit-watchers';

/**
 * ServiceNow incident, classic UI16 form (../shared/HOST-APPS.md §5). The form is a page of its own
 * (`incident.do`), usually inside `iframe#gsft_main` — which the Next Experience puts inside the
 * open shadow root of a `[component-id]` macroponent. Journal fields are plain textareas: the
 * customer-visible "Additional comments" and the internal "Work notes".
 */
export const SERVICENOW_SELECTORS = {
  // Next Experience shell (SN-Utils content_script_parent.js) and the classic nav frame.
  shell: '[component-id]',
  frame: 'iframe#gsft_main',
  // Fields ([A] 22142356873, 62527845948, 3096710137, 17501844179); ids contain dots, hence [id=…].
  shortDescription: ['input[id="incident.short_description"]'],
  number: ['input[id="sys_readonly.incident.number"]', 'input[id="incident.number"]'],
  caller: ['input[id="sys_display.incident.caller_id"]'],
  state: ['select[id="incident.state"]'],
  // Activity stream journal: dual mode first, then single mode, then the classic form fields.
  comments: ['#multiple-input-journal-entry[aria-hidden="false"] #activity-stream-comments-textarea', 'textarea[id="incident.comments"]'],
  workNotes: ['#multiple-input-journal-entry[aria-hidden="false"] #activity-stream-work_notes-textarea', 'textarea[id="incident.work_notes"]'],
  singleJournal: ['textarea#activity-stream-textarea', 'textarea[data-stream-text-input]'],
  // Journal entries; not in the collected sources [R].
  entry: ['.activities-form li.h-card'],
  entryAuthor: '.sn-card-component-createdby',
  entryText: '.sn-widget-textblock-body',
  // Save buttons (SN-Utils inject.js; Selenium suites).
  save: ['#sysverb_update', '#sysverb_update_and_stay', '#sysverb_update_bottom'],
} as const;

const S = SERVICENOW_SELECTORS;

/** The document that holds the incident form: this one, the nav frame's, or the one inside the shell's shadow root. */
export function formDocument(doc: Document): Document | null {
  if (firstMatch(doc, S.shortDescription)) return doc;
  const frame = (doc.querySelector(S.shell)?.shadowRoot?.querySelector(S.frame) ?? doc.querySelector(S.frame)) as HTMLIFrameElement | null;
  try {
    return frame?.contentDocument ?? null; // same origin; a cross-origin frame reads as null
  } catch {
    return null;
  }
}

function journal(form: Document): HTMLElement | null {
  const active = form.activeElement;
  const candidates = [...S.singleJournal, ...S.comments, ...S.workNotes];
  // The journal the person is in, else the first visible one (the customer-facing comments).
  if (active && candidates.some((c) => active.matches(c))) return active as HTMLElement;
  return firstMatch(form, candidates, isVisible);
}

function thread(form: Document): ThreadMessage[] {
  return [...form.querySelectorAll(S.entry[0])].map((li): ThreadMessage => ({
    author: textOf(li.querySelector(S.entryAuthor), 200) || undefined,
    role: li.getAttribute('data-entry-type') === 'work_notes' ? 'agent' : li.getAttribute('data-author-role') === 'caller' ? 'customer' : 'unknown',
    text: textOf(li.querySelector(S.entryText) ?? li, 20000),
  })).filter((m) => m.text);
}

export const serviceNowAdapter: SiteAdapter = {
  id: 'servicenow',
  matches: ['https://*.service-now.com/*'],
  appliesTo: (url) => url.hostname.endsWith('.service-now.com') && /incident\.do|\/now\/nav\/ui\/classic\//.test(decodeURIComponent(url.pathname + url.search)),
  editor(doc): EditorHandle | null {
    const form = formDocument(doc);
    return form ? editorFor(journal(form)) : null;
  },
  workflow(doc, editor) {
    const el = editor?.element;
    if (!el) return 'ticket-reply';
    const isWorkNotes = S.workNotes.some((s) => el.matches(s)) || /work notes/i.test(el.getAttribute('aria-label') ?? '');
    return isWorkNotes ? 'internal-note' : 'ticket-reply';
  },
  context(doc): TaskContext {
    const form = formDocument(doc);
    if (!form) return { recordId: null, subject: null, requester: null, thread: [], fields: {} };
    const sysId = new URL(form.location.href).searchParams.get('sys_id');
    const caller = firstMatch<HTMLInputElement>(form, S.caller)?.value.trim();
    const state = firstMatch<HTMLSelectElement>(form, S.state);
    const number = firstMatch<HTMLInputElement>(form, S.number)?.value.trim();
    const fields: Record<string, string> = {};
    if (number) fields.number = number;
    if (state) fields.state = state.selectedOptions[0]?.textContent?.trim() ?? state.value;
    return {
      recordId: sysId ?? number ?? null,
      subject: firstMatch<HTMLInputElement>(form, S.shortDescription)?.value.trim() || null,
      requester: caller ? { name: caller } : null,
      thread: thread(form),
      fields,
    };
  },
  submit(doc, editor, onSubmit) {
    // The save buttons and the journal live in the form's own document (often a frame).
    const form = editor.element.ownerDocument;
    return watchButtonAndShortcut(form, editor, () => firstMatch(form, S.save), onSubmit);
  },
};
