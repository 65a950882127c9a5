import * as z from 'zod/mini';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { BRIDGE_EVENT, TARGET_ATTR } from '@/lib/editors/bridge-protocol';
import { toParagraphHtml } from '@/lib/editors/paragraph-html';

// Editors that revert DOM edits (CKEditor 5) accept text only through their own API, which lives
// in the page's JavaScript world. This tiny script runs there, takes nothing but a validated insert
// command, and gives the page nothing back.
const Command = z.object({
  v: z.literal(1),
  nonce: z.string().check(z.regex(/^[A-Za-z0-9]{16,64}$/)),
  text: z.string().check(z.maxLength(20000)),
  mode: z.enum(['insert', 'replace']),
});

interface FroalaInstance {
  el: Element;
  events: { focus(): void };
  undo: { saveStep(): void };
  html: { insert(html: string, clean?: boolean): void; set(html: string): void };
}

interface CkEditor {
  model: {
    change(fn: (writer: { setSelection(range: unknown): void; createRangeIn(el: unknown): unknown }) => void): void;
    insertContent(content: unknown): void;
    document: { getRoot(): unknown };
  };
  data: { processor: { toView(html: string): unknown }; toModel(view: unknown): unknown };
  editing: { view: { focus(): void } };
}

interface Ck4Editor {
  document?: { $: Document };
  editable(): { $: Element } | null;
  focus(): void;
  fire(event: string): void;
  execCommand(name: string): boolean;
  insertText(text: string): void;
}
type Ck4Window = Window & { CKEDITOR?: { instances?: Record<string, Ck4Editor> } };

export default defineContentScript({
  // Only the apps whose editors need it (CKEditor 5 in Zendesk, Froala in Freshdesk, CKEditor 4 in
  // Salesforce's email composer).
  matches: ['*://*.zendesk.com/*', '*://*.freshdesk.com/*', '*://*.force.com/*'],
  world: 'MAIN',
  runAt: 'document_idle',
  main() {
    window.addEventListener(BRIDGE_EVENT, (event) => {
      const raw = (event as CustomEvent<unknown>).detail;
      if (typeof raw !== 'string' || raw.length > 25000) return;
      let parsed: z.infer<typeof Command>;
      try {
        parsed = Command.parse(JSON.parse(raw));
      } catch {
        return;
      }
      const target = findTarget(document, `[${TARGET_ATTR}="${parsed.nonce}"]`, 0);
      if (!target) return;
      const ck4 = ckeditor4For(target);
      if (ck4) return insertIntoCkEditor4(ck4, parsed.text, parsed.mode);
      const ckeditor = (target as Element & { ckeditorInstance?: CkEditor }).ckeditorInstance;
      if (ckeditor) return insertIntoCkEditor(ckeditor, parsed.text, parsed.mode);
      const froala = (window as { FroalaEditor?: { INSTANCES?: FroalaInstance[] } }).FroalaEditor?.INSTANCES?.find((i) => i.el === target);
      if (froala) insertIntoFroala(froala, parsed.text, parsed.mode);
    });
  },
});

// The target in this document or in a same-origin frame (Salesforce's CKEditor 4 is two frames
// deep). Frames this window may not read are skipped.
function findTarget(doc: Document, selector: string, depth: number): Element | null {
  const found = doc.querySelector(selector);
  if (found || depth >= 3) return found;
  for (const frame of doc.querySelectorAll('iframe')) {
    let inner: Document | null = null;
    try {
      inner = frame.contentDocument;
    } catch {
      inner = null;
    }
    const hit = inner && findTarget(inner, selector, depth + 1);
    if (hit) return hit;
  }
  return null;
}

// CKEditor 4 lives in the window that loaded it, which is the editable frame's parent (or above).
function ckeditor4For(target: Element): Ck4Editor | null {
  let win: Window | null = target.ownerDocument.defaultView;
  for (let depth = 0; win && depth < 4; depth++) {
    let instances: Record<string, Ck4Editor> | undefined;
    try {
      instances = (win as Ck4Window).CKEDITOR?.instances;
    } catch {
      instances = undefined;
    }
    const editor = instances && Object.values(instances).find((e) => e.editable()?.$ === target || e.document?.$ === target.ownerDocument);
    if (editor) return editor;
    if (win === win.parent) break;
    win = win.parent;
  }
  return null;
}

// insertText takes plain text (CKEditor makes paragraphs of its lines); the snapshots around it
// make the insertion one undo step.
function insertIntoCkEditor4(editor: Ck4Editor, text: string, mode: 'insert' | 'replace'): void {
  editor.focus();
  editor.fire('saveSnapshot');
  if (mode === 'replace') editor.execCommand('selectAll');
  editor.insertText(text);
  editor.fire('saveSnapshot');
}

// Plain text becomes escaped paragraphs, converted by the editor's own data pipeline and inserted
// in one model.change: the host's model and undo see a single change, and no page-supplied markup
// is ever interpreted.
function insertIntoCkEditor(editor: CkEditor, text: string, mode: 'insert' | 'replace'): void {
  editor.editing.view.focus();
  const fragment = editor.data.toModel(editor.data.processor.toView(toParagraphHtml(text)));
  editor.model.change((writer) => {
    if (mode === 'replace') writer.setSelection(writer.createRangeIn(editor.model.document.getRoot()));
    editor.model.insertContent(fragment);
  });
}

// Froala's undo stack is snapshots: one before and one after makes the insertion a single step.
function insertIntoFroala(editor: FroalaInstance, text: string, mode: 'insert' | 'replace'): void {
  editor.events.focus();
  editor.undo.saveStep();
  if (mode === 'replace') editor.html.set('');
  editor.html.insert(toParagraphHtml(text), true);
  editor.undo.saveStep();
}
