/**
 * Lets a person point at an element of the page: hovering highlights it, a click picks it, Esc
 * cancels. The click is swallowed so the page does not act on it (no send, no navigation), only
 * trusted input counts, and AxTrace's own UI can never be picked.
 */
const OWN_UI = 'axtrace-panel, axtrace-teach';

export interface PickOptions {
  doc?: Document;
  /** Announced while picking, e.g. "Click the ticket's subject". */
  onHover?: (el: Element | null) => void;
  signal?: AbortSignal;
}

export function pickElement({ doc = document, onHover, signal }: PickOptions = {}): Promise<Element | null> {
  return new Promise((resolve) => {
    const box = highlightBox(doc);
    let current: Element | null = null;
    const targetOf = (e: MouseEvent): Element | null => {
      const el = doc.elementFromPoint(e.clientX, e.clientY);
      return el && !el.closest(OWN_UI) ? el : null;
    };
    const onMove = (e: MouseEvent) => {
      const el = targetOf(e);
      if (el === current) return;
      current = el;
      place(box, el);
      onHover?.(el);
    };
    const swallow = (e: Event) => {
      if (e.target instanceof Element && e.target.closest(OWN_UI)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    const onClick = (e: MouseEvent) => {
      if (e.target instanceof Element && e.target.closest(OWN_UI)) return;
      swallow(e);
      if (!e.isTrusted) return;
      finish(targetOf(e));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !e.isTrusted) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      finish(null);
    };
    const blocked = ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick', 'auxclick', 'contextmenu'] as const;
    const finish = (el: Element | null) => {
      doc.removeEventListener('mousemove', onMove, true);
      doc.removeEventListener('click', onClick, true);
      doc.removeEventListener('keydown', onKey, true);
      for (const type of blocked) doc.removeEventListener(type, swallow, true);
      box.remove();
      doc.documentElement.style.removeProperty('cursor');
      resolve(el);
    };
    doc.addEventListener('mousemove', onMove, true);
    doc.addEventListener('click', onClick, true);
    doc.addEventListener('keydown', onKey, true);
    for (const type of blocked) doc.addEventListener(type, swallow, true);
    doc.documentElement.style.setProperty('cursor', 'crosshair');
    signal?.addEventListener('abort', () => finish(null), { once: true });
  });
}

/** The highlight lives in its own shadow root so the page's styles cannot hide or restyle it. */
function highlightBox(doc: Document): HTMLElement {
  const host = doc.createElement('axtrace-teach');
  host.setAttribute('data-role', 'picker-highlight');
  const shadow = host.attachShadow({ mode: 'closed' });
  const frame = doc.createElement('div');
  frame.style.cssText =
    'position:fixed;pointer-events:none;z-index:2147483646;border:2px solid #2563eb;background:rgba(37,99,235,.12);border-radius:3px;display:none;box-sizing:border-box;';
  shadow.append(frame);
  (host as HTMLElement & { frame?: HTMLElement }).frame = frame;
  doc.documentElement.append(host);
  return host;
}

function place(host: HTMLElement, el: Element | null): void {
  const frame = (host as HTMLElement & { frame?: HTMLElement }).frame!;
  if (!el) {
    frame.style.display = 'none';
    return;
  }
  const r = el.getBoundingClientRect();
  Object.assign(frame.style, { display: 'block', top: `${r.top}px`, left: `${r.left}px`, width: `${r.width}px`, height: `${r.height}px` });
}
