import type { SuggestionProvider } from '../ai/types';
import { classifyFailure } from '../ai/failures';

export type ConnectionResult =
  | { ok: true; provider: string; model: string; latencyMs: number }
  | { ok: false; provider: string; kind: string; message: string; nextStep: string };

const SAMPLE_CONTEXT = {
  recordId: 'test',
  subject: 'Connection test',
  requester: { name: 'Test' },
  thread: [{ role: 'customer' as const, text: 'Please answer with the single word OK.' }],
  fields: {},
};

/** "Test connection" in the options page: one short real request, with the same failure words the panel uses. */
export async function testConnection(provider: SuggestionProvider, timeoutMs = 20_000): Promise<ConnectionResult> {
  const request = { workflow: 'ticket-reply' as const, context: SAMPLE_CONTEXT, agentName: '', attempt: 0 };
  const { model } = provider.describe(request);
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await provider.suggest(request, () => undefined, signal);
    return { ok: true, provider: provider.id, model, latencyMs: Date.now() - started };
  } catch (error) {
    const failure = classifyFailure(signal.aborted ? signal.reason : error);
    return { ok: false, provider: provider.id, kind: failure.kind, message: failure.message, nextStep: failure.nextStep };
  }
}
