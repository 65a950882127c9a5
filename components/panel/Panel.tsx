import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { PanelStore } from '@/lib/content/panel-store';
import type { AssistController } from '@/lib/content/assist-controller';
import { DismissReasons } from './DismissReasons';
import { WhyLine } from './WhyLine';
import { trusted } from './trusted';
import { PANEL_HOST_TAG } from '@/lib/adapters/types';
import { ThumbIcon } from './ThumbIcon';

const WORKFLOW_LABELS: Record<string, string> = {
  'ticket-reply': 'Reply to customer',
  'internal-note': 'Internal note',
  'crm-email': 'Email',
  'crm-note': 'Note',
  summary: 'Summary',
  reply: 'Reply',
  note: 'Note',
  email: 'Email',
};

interface Props {
  store: PanelStore;
  controller: AssistController;
  style: React.CSSProperties;
  /** Opens the wizard that teaches AxTrace this app (custom adapter). */
  onTeach(): void;
}

export function Panel({ store, controller, style, onTeach }: Props) {
  const state = useStore(store);
  const [dismissing, setDismissing] = useState(false);
  const firstAction = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLElement>(null);

  // Focus moves into the panel when it opens, and follows to the first action when a suggestion
  // lands — but only if the person is working in the panel: never steal focus from the editor.
  useEffect(() => {
    if (state.open) firstAction.current?.focus();
  }, [state.open]);
  const workingInPanel = useRef(false);
  useEffect(() => {
    // Only when focus is still ours (in the panel, or lost because the button pressed went away).
    const active = document.activeElement;
    const focusIsOurs = !active || active === document.body || active.tagName.toLowerCase() === PANEL_HOST_TAG;
    if (state.open && workingInPanel.current && focusIsOurs) firstAction.current?.focus();
  }, [state.phase]);
  useEffect(() => {
    // Focus anywhere on the page (outside our shadow host) means the person went back to their work.
    const onFocus = (e: FocusEvent) => {
      if (!(e.target instanceof Element && e.target.closest(PANEL_HOST_TAG))) workingInPanel.current = false;
    };
    document.addEventListener('focusin', onFocus, true);
    return () => document.removeEventListener('focusin', onFocus, true);
  }, []);
  useEffect(() => setDismissing(false), [state.suggestion?.id]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' && e.nativeEvent.isTrusted) {
      e.stopPropagation();
      if (dismissing) setDismissing(false);
      else controller.closePanel();
    }
  };

  const { phase, suggestion, contextSummary: ctx } = state;
  return (
    <section
      id="axtrace-panel"
      ref={root}
      className="ax-panel"
      style={style}
      role="dialog"
      aria-modal="false"
      aria-label="AxTrace suggestion"
      onKeyDown={onKeyDown}
      onFocus={() => (workingInPanel.current = true)}
      onPointerDown={() => (workingInPanel.current = true)}
    >
      <header className="ax-head">
        <span className="ax-brand">
          <span aria-hidden="true">✦</span> AxTrace
        </span>
        <span className="ax-workflow">{WORKFLOW_LABELS[state.workflow ?? ''] ?? ''}</span>
        <button type="button" className="ax-icon" aria-label="Close (Esc)" onClick={trusted(() => controller.closePanel())}>
          ×
        </button>
      </header>

      {state.notice && <p className="ax-notice">{state.notice}</p>}

      <div className="ax-context" aria-label="What AxTrace read from this page">
        {ctx.subject && <p className="ax-subject">{ctx.subject}</p>}
        {ctx.requester && <p className="ax-muted">From {ctx.requester}</p>}
        {ctx.latest && <p className="ax-latest">“{ctx.latest}”</p>}
      </div>

      {phase === 'idle' && (
        <button ref={firstAction} type="button" className="ax-btn ax-btn-primary ax-wide" onClick={trusted(() => controller.requestSuggestion())}>
          Suggest a reply
        </button>
      )}

      {phase === 'streaming' && (
        <div className="ax-streaming">
          <p className="ax-suggestion" aria-busy="true" data-streamed={state.text ? 'yes' : undefined}>
            {state.text || 'Preparing a suggestion…'}
          </p>
          <button ref={firstAction} type="button" className="ax-btn" onClick={trusted(() => controller.stop())}>
            Stop
          </button>
        </div>
      )}

      {phase === 'error' && state.error && (
        <div className="ax-error" role="alert">
          <p>{state.error.message}</p>
          <p className="ax-muted">{state.error.nextStep}</p>
          <div className="ax-actions">
            <button ref={firstAction} type="button" className="ax-btn ax-btn-primary" onClick={trusted(() => controller.requestSuggestion())}>
              Try again
            </button>
            <button type="button" className="ax-btn" onClick={trusted(() => controller.requestSuggestion(true))}>
              Use a Playbook suggestion
            </button>
          </div>
        </div>
      )}

      {phase === 'shown' && suggestion && (
        <div className="ax-shown">
          {/* AI output is untrusted text: rendered as text, never as HTML. */}
          <p className="ax-suggestion" data-testid="axtrace-suggestion" tabIndex={0} aria-label="Suggested text">
            {state.text}
          </p>
          <WhyLine s={suggestion} />
          {dismissing ? (
            <DismissReasons onDismiss={(reason, note) => void controller.dismiss(reason, note)} onCancel={() => setDismissing(false)} />
          ) : (
            <>
              <div className="ax-actions">
                {state.attached ? (
                  <>
                    <button ref={firstAction} type="button" className="ax-btn ax-btn-primary" onClick={trusted(() => void controller.insert('insert'))}>
                      Insert
                    </button>
                    <button type="button" className="ax-btn" onClick={trusted(() => void controller.insert('replace'))}>
                      Replace
                    </button>
                    <button type="button" className="ax-btn" onClick={trusted(() => void controller.insert('copy'))}>
                      Copy
                    </button>
                  </>
                ) : (
                  <button ref={firstAction} type="button" className="ax-btn ax-btn-primary" onClick={trusted(() => void controller.insert('copy'))}>
                    Copy
                  </button>
                )}
              </div>
              {!state.attached && <p className="ax-muted">No reply box found on this page. Copy the text and paste it where you reply: AxTrace still matches what you send.</p>}
              <div className="ax-actions ax-secondary">
                <button type="button" className="ax-btn" onClick={trusted(() => controller.requestSuggestion())}>
                  Regenerate
                </button>
                <button type="button" className="ax-btn" onClick={trusted(() => setDismissing(true))}>
                  Dismiss
                </button>
                <span className="ax-rate" role="group" aria-label="Rate this suggestion">
                  <button type="button" className="ax-icon" aria-label="Good suggestion" aria-pressed={state.rating === 'up'} onClick={trusted(() => void controller.rate('up'))}>
                    <ThumbIcon />
                  </button>
                  <button type="button" className="ax-icon" aria-label="Poor suggestion" aria-pressed={state.rating === 'down'} onClick={trusted(() => void controller.rate('down'))}>
                    <ThumbIcon down />
                  </button>
                </span>
              </div>
            </>
          )}
        </div>
      )}

      <p className="ax-status" role="status" aria-live="polite" data-testid="axtrace-status">
        {state.status}
      </p>
      <p className="ax-foot">
        AxTrace never sends anything for you.{' '}
        {(state.adapterId === 'generic' || state.adapterId?.startsWith('custom:') || !state.attached) && (
          <button type="button" className="ax-link" onClick={trusted(onTeach)}>
            {state.adapterId?.startsWith('custom:') ? 'Adjust how AxTrace reads this app…' : 'Teach AxTrace this app…'}
          </button>
        )}
      </p>
    </section>
  );
}
