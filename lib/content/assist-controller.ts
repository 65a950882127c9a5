import { browser } from 'wxt/browser';
import { ulid } from '../util/ulid';
import type { SiteAdapter, SubmitTrigger } from '../adapters/types';
import type { EditorHandle } from '../editors/types';
import { latestCustomerMessage, presentFields } from '../adapters/context-fields';
import type { TaskContext } from '../adapters/context';
import type { ClientEvent, ClientEventType, SuggestServerMessage } from '../messaging/protocol';
import { SUGGEST_PORT } from '../messaging/ports';
import type { DismissReason, InsertMode } from '../log/schema';
import type { Outbox } from './outbox';
import type { PanelStore } from './panel-store';
import { TaskSession, taskKey } from './task-session';
import { rectInTopWindow } from '../adapters/dom';
import { isHeldOut } from './holdout';

type Payload<T extends ClientEventType> = Omit<
  Extract<ClientEvent, { type: T }>,
  'id' | 'ts' | 'tzOffsetMin' | 'taskId' | 'workflow' | 'adapter' | 'recordId' | 'suggestionId' | 'type'
>;

const OUTCOME_WORDS: Record<string, string> = {
  accepted: 'used as suggested',
  edited: 'edited suggestion',
  fallback: 'written by hand after AI was offered',
  unassisted: 'written without AI',
};

/**
 * The content script's brain: follows the editor and record on the page, keeps the task, talks to
 * the background, and tells the panel what to show. Decisions reach it only from trusted input;
 * the panel checks that before calling.
 */
export class AssistController {
  private adapter: SiteAdapter | null = null;
  private editor: EditorHandle | null = null;
  private session: TaskSession | null = null;
  /** The key (record and workflow) of the last task sent, until another task opens: see justSentHere(). */
  private sentKey: string | null = null;
  private unwatchSubmit: (() => void) | null = null;
  private port: ReturnType<typeof browser.runtime.connect> | null = null;
  private shownAt = 0;
  private panelOpenedAt = 0;

  constructor(
    private readonly store: PanelStore,
    private readonly outbox: Outbox,
    private readonly doc: Document = document,
  ) {}

  get currentEditor(): EditorHandle | null {
    return this.editor;
  }

  get currentSession(): TaskSession | null {
    return this.session;
  }

  /** Called by the page watcher with the editor it found (or null). */
  attach(adapter: SiteAdapter, editor: EditorHandle | null): void {
    if (editor?.element === this.editor?.element && adapter === this.adapter) {
      // Same editor found again: keep the handle we have (it remembers the selection).
      if (editor !== this.editor) editor?.dispose();
      this.checkRecordChange();
      return;
    }
    this.unwatchSubmit?.();
    this.unwatchSubmit = null;
    this.editor?.dispose();
    this.adapter = adapter;
    this.editor = editor;
    if (!editor) {
      // Side mode: no reply box on the page; the panel still opens (shortcut) and offers Copy.
      this.store.setState({ attached: false, anchor: null });
      this.checkRecordChange();
      return;
    }
    const unwatchSend = adapter.submit(this.doc, editor, (trigger, text) => void this.submitted(trigger, text));
    // Working in the editor is what opens a task: going into it, or, once a reply was sent from
    // this record (until another task opens anywhere), typing the next one. Focus alone is not work
    // then: a composer cleared by a send is re-rendered and focused again (CKEditor 4 rewrites its
    // frame), which would open a task that nobody began and that ends abandoned.
    const onFocus = () => void (!this.justSentHere() && this.ensureSession());
    const onInput = () => void ((!this.session || this.session.submitted) && this.ensureSession());
    editor.element.addEventListener('focusin', onFocus, { passive: true });
    editor.element.addEventListener('input', onInput, { passive: true });
    this.unwatchSubmit = () => {
      unwatchSend();
      editor.element.removeEventListener('focusin', onFocus);
      editor.element.removeEventListener('input', onInput);
    };
    this.store.setState({ attached: true, adapterId: adapter.id, workflow: adapter.workflow(this.doc, editor), holdout: isHeldOut(this.currentKey(), this.holdoutShare) });
    this.checkRecordChange();
    this.updateAnchor();
    // Already in the editor (clicked into before AxTrace started, or re-rendered under the caret):
    // its focusin came before the listener.
    if (editor.element.matches(':focus-within')) onFocus();
  }

  /** Whether the last task was sent from this record and workflow (the one on screen), and none has opened since. */
  private justSentHere(): boolean {
    return this.sentKey !== null && this.sentKey === this.currentKey();
  }

  /** A different record or workflow on screen ends the current task. */
  private checkRecordChange(): void {
    if (!this.session || !this.adapter) return;
    if (this.currentKey() !== this.session.key) this.endTask('navigation');
  }

  /** Share of records held out as the control group (pilot configuration). */
  holdoutShare = 0;

  private currentKey(): string {
    const ctx = this.adapter!.context(this.doc, this.editor);
    return taskKey(this.adapter!.id, ctx.recordId, this.adapter!.workflow(this.doc, this.editor), new URL(this.doc.location.href));
  }

  updateAnchor(): void {
    const el = this.editor?.element;
    if (!el?.isConnected) return;
    const r = rectInTopWindow(el);
    const prev = this.store.getState().anchor;
    if (prev && prev.top === r.top && prev.left === r.left && prev.width === r.width && prev.height === r.height) return;
    this.store.setState({ anchor: { top: r.top, left: r.left, width: r.width, height: r.height } });
  }

  private readContext(): TaskContext {
    return this.adapter!.context(this.doc, this.editor);
  }

  private ensureSession(): TaskSession | null {
    if (!this.adapter) return null;
    if (this.session && !this.session.submitted) {
      if (this.session.key === this.currentKey()) return this.session;
      this.endTask('navigation');
    }
    const ctx = this.readContext();
    const workflow = this.adapter.workflow(this.doc, this.editor);
    const key = taskKey(this.adapter.id, ctx.recordId, workflow, new URL(this.doc.location.href));
    this.session = new TaskSession(key, this.adapter.id, workflow, ctx.recordId);
    this.sentKey = null;
    const holdout = isHeldOut(key, this.holdoutShare);
    this.store.setState({ workflow, contextSummary: summary(ctx), holdout });
    this.emit('task.opened', { holdout, contextFields: presentFields(ctx) });
    return this.session;
  }

  /** Ends the open task without a send (navigation, unload, editor gone). */
  endTask(reason: 'navigation' | 'unload' | 'editor-removed'): void {
    const s = this.session;
    if (s && !s.submitted) this.emit('task.abandoned', { reason, durationMs: Date.now() - s.openedAt });
    this.session = null;
    this.stop();
    this.store.setState({ phase: 'idle', text: '', suggestion: null, error: null, rating: null });
  }

  private emit<T extends ClientEventType>(type: T, payload: Payload<T>, suggestionId: string | null = null): Promise<void> {
    const s = this.session!;
    const ts = Date.now();
    const event = {
      id: ulid(ts),
      ts,
      tzOffsetMin: -new Date(ts).getTimezoneOffset(),
      type,
      taskId: s.taskId,
      workflow: s.workflow,
      adapter: s.adapter,
      recordId: s.recordId,
      suggestionId,
      ...payload,
    } as unknown as ClientEvent;
    return this.outbox.record(event).catch((error: Error) => {
      this.store.setState({ status: `Could not record this: ${error.message}` });
      throw error;
    });
  }

  openPanel(trigger: 'click' | 'shortcut' | 'command'): void {
    const s = this.ensureSession();
    if (!s || this.store.getState().holdout) return;
    this.panelOpenedAt = Date.now();
    s.panelOpenedAt ??= this.panelOpenedAt;
    this.store.setState({ open: true, contextSummary: summary(this.readContext()) });
    void this.emit('panel.opened', { trigger }).catch(() => undefined);
  }

  closePanel(): void {
    if (!this.store.getState().open) return;
    this.store.setState({ open: false });
    if (this.session) void this.emit('panel.closed', { openMs: Date.now() - this.panelOpenedAt }).catch(() => undefined);
    this.editor?.focus();
  }

  togglePanel(trigger: 'click' | 'shortcut' | 'command'): void {
    if (this.store.getState().open) this.closePanel();
    else this.openPanel(trigger);
  }

  /** Asks the background for a suggestion; `fallback` asks for the Playbook's after a provider failed. */
  requestSuggestion(fallback = false): void {
    const s = this.ensureSession();
    if (!s || this.store.getState().phase === 'streaming') return;
    const ctx = this.readContext();
    const suggestionId = ulid();
    const attempt = s.attempts++;
    this.stop();
    this.store.setState({ phase: 'streaming', text: '', suggestion: null, error: null, rating: null, status: 'Preparing a suggestion…', contextSummary: summary(ctx) });
    const port = browser.runtime.connect({ name: SUGGEST_PORT });
    this.port = port;
    port.onMessage.addListener((m: SuggestServerMessage) => this.onSuggestMessage(m, suggestionId));
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      if (this.store.getState().phase === 'streaming') {
        this.store.setState({ phase: 'error', error: { kind: 'network', message: 'AxTrace lost its connection while preparing the suggestion.', nextStep: 'Try again.' } });
      }
    });
    port.postMessage({ type: 'start', taskId: s.taskId, suggestionId, workflow: s.workflow, adapter: s.adapter, recordId: s.recordId, attempt, context: ctx, fallback });
  }

  private onSuggestMessage(m: SuggestServerMessage, suggestionId: string): void {
    switch (m.type) {
      case 'delta':
        this.store.setState((st) => ({ text: st.text + m.text }));
        return;
      case 'done':
        this.shownAt = Date.now();
        this.store.setState({
          phase: 'shown',
          text: m.text,
          status: 'Suggestion ready. Nothing is inserted until you choose.',
          suggestion: { id: suggestionId, provider: m.provider, model: m.model, promptId: m.promptId, promptVersion: m.promptVersion, contextFields: m.contextFields, maskedCount: m.maskedCount, latencyMs: m.latencyMs },
        });
        return;
      case 'error':
        // Text streamed before the failure is not a suggestion: it is dropped, never inserted.
        this.store.setState({ phase: 'error', text: '', error: { kind: m.kind, message: m.message, nextStep: m.nextStep }, status: m.message });
        return;
      case 'cancelled':
        this.store.setState({ phase: 'idle', text: '', status: 'Stopped.' });
    }
  }

  /** Stops a suggestion that is still streaming. */
  stop(): void {
    if (this.port) {
      try {
        this.port.postMessage({ type: 'stop' });
      } catch {
        /* already gone */
      }
    }
  }

  async insert(mode: InsertMode): Promise<void> {
    const { suggestion, text } = this.store.getState();
    const s = this.session;
    if (!suggestion || !s) return;
    if (mode === 'copy') {
      const copied = await copyText(text);
      if (!copied) return this.store.setState({ status: 'Copying was blocked by the browser. Select the text and copy it instead.' });
    } else if (!this.editor?.insert(text, mode)) {
      return this.store.setState({ status: 'This editor did not accept the text. Use Copy and paste it instead.' });
    }
    s.inserted.set(suggestion.id, { text, mode });
    this.updateAnchor();
    await this.emit('suggestion.inserted', { mode, chars: text.length, decisionMs: Date.now() - this.shownAt }, suggestion.id);
    this.store.setState({ status: mode === 'copy' ? 'Copied — recorded. Paste it where you need it.' : 'Inserted — recorded. Edit it as you like before sending.' });
  }

  async dismiss(reason: DismissReason, note?: string): Promise<void> {
    const { suggestion } = this.store.getState();
    if (!suggestion || !this.session) return;
    await this.emit('suggestion.dismissed', { reason, ...(note ? { note: note.slice(0, 500) } : {}), decisionMs: Date.now() - this.shownAt }, suggestion.id);
    this.store.setState({ phase: 'idle', text: '', suggestion: null, status: 'Dismissed — recorded. Thanks, that helps improve suggestions.' });
  }

  async rate(rating: 'up' | 'down'): Promise<void> {
    const { suggestion } = this.store.getState();
    if (!suggestion || !this.session) return;
    await this.emit('suggestion.rated', { rating }, suggestion.id);
    this.store.setState({ rating, status: 'Rating recorded.' });
  }

  private async submitted(trigger: SubmitTrigger, finalText: string): Promise<void> {
    const s = this.ensureSession();
    if (!s || s.submitted) return;
    s.submitted = true;
    this.sentKey = s.key;
    const ts = Date.now();
    try {
      const ack = await this.outbox.submit({
        id: ulid(ts),
        ts,
        tzOffsetMin: -new Date(ts).getTimezoneOffset(),
        taskId: s.taskId,
        workflow: s.workflow,
        adapter: s.adapter,
        recordId: s.recordId,
        suggestionId: null,
        trigger,
        finalText,
        openedAt: s.openedAt,
        inserted: [...s.inserted].map(([suggestionId, v]) => ({ suggestionId, text: v.text, mode: v.mode })),
      });
      const kept = ack.retention !== null ? ` (${Math.round(ack.retention * 100)}% of the suggestion kept)` : '';
      this.store.setState({ status: `Sent — recorded as ${OUTCOME_WORDS[ack.outcome] ?? ack.outcome}${kept}.`, lastOutcome: ack.outcome });
    } catch (error) {
      this.store.setState({ status: `The send was not recorded: ${(error as Error).message}` });
    }
    if (this.session === s) this.session = null;
    this.store.setState({ phase: 'idle', text: '', suggestion: null, rating: null, error: null });
  }

  dispose(): void {
    this.endTask('unload');
    this.unwatchSubmit?.();
    this.editor?.dispose();
  }
}

function summary(ctx: TaskContext): { subject: string | null; requester: string | null; latest: string | null } {
  const latest = latestCustomerMessage(ctx);
  return {
    subject: ctx.subject,
    requester: ctx.requester?.name ?? ctx.requester?.email ?? null,
    latest: latest ? (latest.length > 160 ? latest.slice(0, 157) + '…' : latest) : null,
  };
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
