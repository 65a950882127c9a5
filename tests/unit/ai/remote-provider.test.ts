import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { Browser } from 'wxt/browser';
import { serveSuggestion } from '../../../lib/background/suggest-service';
import { RemoteProvider, type RemoteConfig } from '../../../lib/ai/remote-provider';
import type { SuggestServerMessage } from '../../../lib/messaging/protocol';
import type { TaskContext } from '../../../lib/adapters/context';
import { makeLog, scope } from '../helpers';
// @ts-expect-error plain ESM test server without types
import { startFakeLlm } from '../../support/fake-llm-server.mjs';

type FakeLlm = { base(s: string): string; requests: { scenario: string; api: string; headers: Record<string, string>; body: unknown }[]; reset(): void; close(): Promise<void> };

const CONTEXT: TaskContext = {
  recordId: '1042',
  subject: 'Parcel never arrived',
  requester: { name: 'Maria Lopez', email: 'maria.lopez@example.org' },
  thread: [{ role: 'customer', text: 'My parcel never arrived. Call me on +44 20 7946 0958 or write to maria.lopez@example.org.' }],
  fields: { priority: 'high' },
};

let llm: FakeLlm;
beforeAll(async () => {
  llm = await startFakeLlm({ firstTokenDelayMs: 400 });
});
afterAll(() => llm.close());
beforeEach(() => llm.reset());

/** Serves one suggestion through the real port protocol and returns what the panel would receive. */
async function suggest(scenario: string, opts: { api?: 'openai' | 'anthropic'; timeoutMs?: number; stopAfterMs?: number; fallback?: boolean } = {}) {
  const env = makeLog({ agentName: 'Sam' });
  const earlier = env.factory.make('panel.opened', { trigger: 'click' }, scope());
  await env.log.record(earlier);
  const config: RemoteConfig =
    opts.api === 'anthropic'
      ? { kind: 'anthropic', baseUrl: llm.base(scenario), model: 'claude-test' }
      : { kind: 'openai-compatible', label: 'Test', baseUrl: llm.base(scenario), model: 'gpt-test', headers: { 'X-Gateway': 'pilot' }, onDevice: false };
  const provider = new RemoteProvider(config, { apiKey: 'sk-secret-123456', prompts: [], redactionPatterns: [], maskOnDevice: false });
  const messages: SuggestServerMessage[] = [];
  const port = fakePort(messages);
  const taskId = ulid();
  const suggestionId = ulid();
  serveSuggestion(port.port, 'support.example.com', { log: env.log, provider: async () => provider, timeoutMs: opts.timeoutMs ?? 10_000 });
  port.send({ type: 'start', taskId, suggestionId, workflow: 'ticket-reply', adapter: 'generic', recordId: '1042', attempt: 0, context: CONTEXT, fallback: false });
  if (opts.stopAfterMs) setTimeout(() => port.send({ type: 'stop' }), opts.stopAfterMs);
  await port.closed;
  const events = await env.log.list({ taskId, limit: 100 });
  const verified = await env.log.verify();
  const all = await env.log.list({ limit: 100 });
  return { messages, last: messages.at(-1)!, events, verified, keptEarlier: all.some((e) => e.id === earlier.id) };
}

function fakePort(received: SuggestServerMessage[]) {
  const listeners: ((m: unknown) => void)[] = [];
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const port = {
    name: 'axtrace-suggest',
    postMessage: (m: SuggestServerMessage) => received.push(m),
    onMessage: { addListener: (fn: (m: unknown) => void) => listeners.push(fn) },
    onDisconnect: { addListener: () => undefined },
    disconnect: () => resolveClosed(),
  } as unknown as Browser.runtime.Port;
  return { port, closed, send: (m: unknown) => listeners.forEach((fn) => fn(m)) };
}

const sentText = () => JSON.stringify(llm.requests.map((r) => r.body));

describe.each(['openai', 'anthropic'] as const)('remote provider over the %s wire format', (api) => {
  it('streams a suggestion; personal data is masked on the way out and restored on the way back', async () => {
    const { messages, last, events, verified } = await suggest('ok', { api });
    expect(messages.filter((m) => m.type === 'delta').length).toBeGreaterThan(5);
    expect(last).toMatchObject({ type: 'done', provider: api === 'openai' ? 'openai-compatible' : 'anthropic', promptId: 'ticket-reply', promptVersion: '1' });
    const done = last as Extract<SuggestServerMessage, { type: 'done' }>;
    expect(done.text).toContain('we will confirm at maria.lopez@example.org');
    expect(done.maskedCount).toBe(2); // one email (twice) and one phone number
    expect(sentText()).not.toContain('maria.lopez@example.org');
    expect(sentText()).not.toContain('7946');
    expect(sentText()).toContain('[EMAIL_1]');
    const shown = events.find((e) => e.type === 'suggestion.shown');
    expect(shown).toMatchObject({ model: api === 'openai' ? 'gpt-test' : 'claude-test', maskedCount: 2, promptId: 'ticket-reply' });
    expect(verified.ok).toBe(true);
    // The key goes only to the provider, in its own header.
    const headers = llm.requests[0].headers;
    expect(api === 'openai' ? headers.authorization : headers['x-api-key']).toContain('sk-secret-123456');
    if (api === 'openai') expect(headers['x-gateway']).toBe('pilot');
    expect(JSON.stringify(events)).not.toContain('sk-secret');
  });

  it('a slow first token still arrives and is measured', async () => {
    const { last, events } = await suggest('slow', { api });
    expect(last.type).toBe('done');
    const shown = events.find((e) => e.type === 'suggestion.shown') as { firstTokenMs: number };
    expect(shown.firstTokenMs).toBeGreaterThanOrEqual(350);
  });

  it('401 is an auth failure the person can act on, and it is logged', async () => {
    const { last, events, verified, keptEarlier } = await suggest('unauthorized', { api });
    expect(last).toMatchObject({ type: 'error', kind: 'auth', message: expect.stringContaining('key') });
    expect(events.find((e) => e.type === 'suggestion.failed')).toMatchObject({ kind: 'auth' });
    expect(llm.requests).toHaveLength(1); // not retried
    expect(verified.ok && keptEarlier).toBe(true);
  });

  it('429 then success: retried with backoff, and the suggestion arrives', async () => {
    const { last } = await suggest('rate-limited-once', { api });
    expect(last.type).toBe('done');
    expect(llm.requests).toHaveLength(2);
  });

  it('500 every time: retried, then reported as a problem on the service side', async () => {
    const { last, events } = await suggest('server-error', { api });
    expect(last).toMatchObject({ type: 'error', kind: 'network', message: expect.stringContaining('error 500') });
    expect(llm.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'suggestion.failed')).toHaveLength(1);
  });

  it('a stream cut mid-way is a network failure and shows nothing half-written', async () => {
    const { last, events, verified } = await suggest('cut', { api });
    expect(last).toMatchObject({ type: 'error', kind: 'network' });
    expect(events.some((e) => e.type === 'suggestion.shown')).toBe(false);
    expect(verified.ok).toBe(true);
  });

  it('a request that never answers times out', async () => {
    const { last, events } = await suggest('hang', { api, timeoutMs: 600 });
    expect(last).toMatchObject({ type: 'error', kind: 'timeout' });
    expect(events.find((e) => e.type === 'suggestion.failed')).toMatchObject({ kind: 'timeout' });
  });

  it('Stop cancels the stream and the log says so', async () => {
    const { last, events } = await suggest('slow', { api, stopAfterMs: 100 });
    expect(last.type).toBe('cancelled');
    expect(events.map((e) => e.type)).toEqual(['suggestion.requested', 'suggestion.cancelled']);
  });
});

it('a malformed chunk in an OpenAI stream is an invalid answer', async () => {
  const { last, events } = await suggest('malformed');
  expect(last).toMatchObject({ type: 'error', kind: 'invalid' });
  expect(events.find((e) => e.type === 'suggestion.failed')).toMatchObject({ kind: 'invalid' });
});
