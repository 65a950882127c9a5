import type { SiteAdapter } from '../adapters/types';
import type { EditorHandle } from '../editors/types';
import type { AssistController } from './assist-controller';

const SCAN_MS = 700;

/**
 * Follows the page: the editor appearing, being re-rendered or removed, SPA navigation, and
 * layout changes that move the editor. Cheap when nothing changes — a connected editor on an
 * unchanged URL costs one check per tick — so busy pages are not slowed down. Returns a function
 * that rescans at once.
 */
export function watchPage(
  controller: AssistController,
  findEditor: () => { adapter: SiteAdapter; editor: EditorHandle | null },
  signal: AbortSignal,
  doc: Document = document,
): () => void {
  let lastUrl = doc.location.href;
  const scan = (force = false) => {
    const editor = controller.currentEditor;
    const urlChanged = doc.location.href !== lastUrl;
    lastUrl = doc.location.href;
    // A hidden editor (a composer collapsed when another opens) is as good as gone: look again.
    if (!force && !urlChanged && editor?.element.isConnected && editor.element.getClientRects().length > 0) {
      controller.updateAnchor();
      return;
    }
    const { adapter, editor: found } = findEditor();
    if (!found && editor && !editor.element.isConnected && !urlChanged) controller.endTask('editor-removed');
    controller.attach(adapter, found);
  };
  const timer = setInterval(() => scan(), SCAN_MS);
  const onFocus = (e: FocusEvent) => {
    const el = controller.currentEditor?.element;
    if (e.target instanceof Node && el && (el === e.target || el.contains(e.target))) return;
    scan(true);
  };
  // Focus moving into a frame (Salesforce's email body is two frames deep) fires no focusin here,
  // only this window's blur with the frame as the active element. Look at once then, so that a
  // Ctrl+Enter typed right after focusing is already watched (the next tick may be too late).
  const onBlur = () => {
    const active = deepActiveElement(doc);
    if (!active || (active.tagName !== 'IFRAME' && active.tagName !== 'FRAME')) return;
    const el = controller.currentEditor?.element;
    if (el?.isConnected && frameElementIn(el, doc) === active) return;
    scan(true);
  };
  let frame = 0;
  const onMove = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      controller.updateAnchor();
    });
  };
  doc.addEventListener('focusin', onFocus, true);
  window.addEventListener('blur', onBlur);
  window.addEventListener('scroll', onMove, { passive: true, capture: true });
  window.addEventListener('resize', onMove, { passive: true });
  signal.addEventListener('abort', () => {
    clearInterval(timer);
    doc.removeEventListener('focusin', onFocus, true);
    window.removeEventListener('blur', onBlur);
    window.removeEventListener('scroll', onMove, true);
    window.removeEventListener('resize', onMove);
  });
  scan(true);
  // Callers force a fresh look when what decides the adapter changes (e.g. a custom adapter saved).
  return () => scan(true);
}

/** The focused element, looked for inside open shadow roots too (a frame may sit in one). */
function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The frame element in `doc` that holds `el`, through any nesting of same-origin frames; null when `el` is in `doc` itself. */
function frameElementIn(el: Element, doc: Document): Element | null {
  let win = el.ownerDocument.defaultView;
  while (win) {
    let frame: Element | null;
    try {
      frame = win.frameElement;
    } catch {
      return null;
    }
    if (!frame) return null;
    if (frame.ownerDocument === doc) return frame;
    win = frame.ownerDocument.defaultView;
  }
  return null;
}
