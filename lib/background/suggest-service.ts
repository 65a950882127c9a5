import type { Browser } from 'wxt/browser';
import { ProviderError, type SuggestionProvider } from '../ai/types';
import { classifyFailure } from '../ai/failures';
import { normalizeText, textHash } from '../log/text';
import { SuggestClientMessage, type SuggestServerMessage, type SuggestStart } from '../messaging/protocol';
import type { LogService } from './log-service';
import type { EventScope } from './event-factory';

export interface SuggestDeps {
  /** A promise, so the port's first message is heard even while the background is starting. */
  log: Promise<LogService> | LogService;
  /** The configured provider, or the Playbook when the panel asks for it after a failure. */
  provider: (fallback: boolean) => Promise<SuggestionProvider>;
  /** Overrides the configuration's providerTimeoutSec (tests). */
  timeoutMs?: number;
}

/**
 * Serves one suggestion over a port: records the request, streams text to the panel, and records
 * what happened — shown, failed (with a kind) or cancelled. The panel is told "done" only after
 * suggestion.shown is durable, so every decision it can make refers to a recorded suggestion.
 */
export function serveSuggestion(port: Browser.runtime.Port, site: string, deps: SuggestDeps): void {
  const controller = new AbortController();
  let started = false;
  let closed = false;
  const post = (m: SuggestServerMessage) => {
    if (!closed) port.postMessage(m);
  };
  port.onDisconnect.addListener(() => {
    closed = true;
    controller.abort(new DOMException('panel went away', 'AbortError'));
  });
  port.onMessage.addListener((raw: unknown) => {
    const parsed = SuggestClientMessage.safeParse(raw);
    if (!parsed.success) return port.disconnect();
    if (parsed.data.type === 'stop') return controller.abort(new DOMException('stopped by the person', 'AbortError'));
    if (started) return;
    started = true;
    run(parsed.data, site, deps, controller.signal, post).finally(() => {
      if (!closed) port.disconnect();
    });
  });
}

async function run(
  req: SuggestStart,
  site: string,
  deps: SuggestDeps,
  signal: AbortSignal,
  post: (m: SuggestServerMessage) => void,
): Promise<void> {
  const log = await deps.log;
  const timeoutMs = deps.timeoutMs ?? log.factory.currentConfig.providerTimeoutSec * 1000;
  const scope: EventScope = { site, adapter: req.adapter, workflow: req.workflow, taskId: req.taskId, recordId: req.recordId, suggestionId: req.suggestionId };
  const factory = log.factory;
  const agentName = factory.currentConfig.agentName;
  const request = { workflow: req.workflow, context: req.context, agentName, attempt: req.attempt };
  const started = Date.now();
  let firstTokenAt = 0;
  let streamed = '';
  let info = { provider: 'unknown', model: 'unknown', promptId: 'unknown', promptVersion: 'unknown' };
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const p = await deps.provider(req.fallback);
    info = p.describe(request);
    await log.record(factory.make('suggestion.requested', { ...info, attempt: req.attempt }, scope));
    const result = await p.suggest(
      request,
      (delta) => {
        if (!firstTokenAt) firstTokenAt = Date.now();
        streamed += delta;
        post({ type: 'delta', text: delta });
      },
      AbortSignal.any([signal, timeout]),
    );
    const now = Date.now();
    const text = log.captured(result.text);
    await log.record(
      factory.make(
        'suggestion.shown',
        {
          provider: result.provider,
          model: result.model,
          promptId: result.promptId,
          promptVersion: result.promptVersion,
          promptHash: result.promptHash,
          contextFields: result.contextFields,
          latencyMs: now - started,
          firstTokenMs: (firstTokenAt || now) - started,
          outputChars: normalizeText(result.text).length,
          outputHash: textHash(result.text),
          maskedCount: result.maskedCount ?? 0,
          ...(text !== undefined ? { text } : {}),
        },
        scope,
      ),
    );
    post({
      type: 'done',
      suggestionId: req.suggestionId,
      text: result.text,
      provider: result.provider,
      model: result.model,
      promptId: result.promptId,
      promptVersion: result.promptVersion,
      contextFields: result.contextFields,
      latencyMs: now - started,
      maskedCount: result.maskedCount ?? 0,
    });
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (signal.aborted) {
      await log.record(factory.make('suggestion.cancelled', { chars: streamed.length, latencyMs }, scope));
      post({ type: 'cancelled' });
      return;
    }
    const failure = timeout.aborted ? toProviderError(timeout.reason) : classifyFailure(error, providerName(info.provider));
    await log.record(
      factory.make('suggestion.failed', { provider: info.provider, model: info.model, kind: failure.kind, message: failure.message, latencyMs }, scope),
    );
    post({ type: 'error', kind: failure.kind, message: failure.message, nextStep: failure.nextStep });
  }
}

function providerName(id: string): string {
  return id === 'openai-compatible' ? 'The AI service' : id === 'anthropic' ? 'Anthropic' : id === 'chrome-ai' ? 'Chrome’s built-in AI' : 'The suggestion source';
}

export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new ProviderError('timeout', 'The AI did not answer in time.', 'Try again, or write the reply yourself.');
  }
  return new ProviderError('invalid', 'The AI returned something AxTrace could not use.', 'Try again; if it keeps happening, tell your pilot manager.');
}
