import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { textHash } from '../../../lib/log/text';
import type { SubmitRequest } from '../../../lib/messaging/protocol';
import type { PilotConfig } from '../../../lib/config/schema';
import { makeLog, scope } from '../helpers';
import { taskEvents } from '../../../lib/log/event-store';
import { rewriteStoredEvent } from '../../support/live-pages';

const SUGGESTION = 'Hi Maria, I have refunded the duplicate charge. It will show within 5 business days.';

async function taskWithSuggestion(config: Partial<PilotConfig> = {}, shown = true) {
  const env = makeLog(config);
  const taskId = ulid();
  const suggestionId = ulid();
  const sc = scope({ taskId, suggestionId });
  await env.log.record(env.factory.make('panel.opened', { trigger: 'click' }, { ...sc, suggestionId: null }));
  if (shown) {
    await env.log.record(
      env.factory.make(
        'suggestion.shown',
        { provider: 'playbook', model: 'm', promptId: 'p', promptVersion: '1', promptHash: null, contextFields: [], latencyMs: 5, firstTokenMs: 5, outputChars: SUGGESTION.length, outputHash: textHash(SUGGESTION), maskedCount: 0 },
        sc,
      ),
    );
  }
  const submit = (finalText: string, inserted: SubmitRequest['inserted']): SubmitRequest => {
    const now = Date.now(); // one clock reading, so the task lasted exactly a minute
    return {
      id: ulid(), ts: now, tzOffsetMin: 0, taskId, workflow: 'reply', adapter: 'generic', recordId: '1042', suggestionId: null,
      trigger: 'button', finalText, openedAt: now - 60_000, inserted,
    };
  };
  return { ...env, taskId, suggestionId, submit };
}

describe('LogService.submit', () => {
  it('classifies an edited suggestion and records its retention', async () => {
    const { log, suggestionId, submit } = await taskWithSuggestion();
    const edited = 'Hi Maria, I have refunded the duplicate charge.';
    const event = await log.submit(submit(edited, [{ suggestionId, text: SUGGESTION, mode: 'insert' }]), 'support.example.com');
    expect(event.outcome).toBe('edited');
    expect(event.retention).toBeCloseTo(edited.length / SUGGESTION.length, 5);
    expect(event.durationMs).toBeGreaterThanOrEqual(60_000);
    expect(event).not.toHaveProperty('text');
  });

  it('refuses an inserted text that is not what was shown', async () => {
    const { log, suggestionId, submit } = await taskWithSuggestion();
    await expect(log.submit(submit('x', [{ suggestionId, text: 'something else', mode: 'insert' }]), 'site')).rejects.toThrow('does not match');
  });

  it('tells fallback (AI offered) from unassisted (never opened)', async () => {
    const offered = await taskWithSuggestion();
    expect((await offered.log.submit(offered.submit('my own words', []), 'site')).outcome).toBe('fallback');
    const env = makeLog();
    const unassisted = await env.log.submit(
      { id: ulid(), ts: Date.now(), tzOffsetMin: 0, taskId: ulid(), workflow: 'reply', adapter: 'generic', recordId: null, suggestionId: null, trigger: 'form', finalText: 'mine', openedAt: Date.now(), inserted: [] },
      'site',
    );
    expect(unassisted.outcome).toBe('unassisted');
  });

  it('stores text only as the capture level allows', async () => {
    const final = `${SUGGESTION} Write to maria@example.com.`;
    for (const [captureLevel, expected] of [['full', final], ['redacted', `${SUGGESTION} Write to [email].`]] as const) {
      const { log, suggestionId, submit } = await taskWithSuggestion({ captureLevel });
      const event = await log.submit(submit(final, [{ suggestionId, text: SUGGESTION, mode: 'insert' }]), 'site');
      expect(event.text).toBe(expected);
      expect(event.outcome).toBe('accepted');
    }
  });
});

describe('LogService decisions and verification', () => {
  it('refuses a decision on a suggestion that was not shown in the task', async () => {
    const { log, taskId } = await taskWithSuggestion({}, false);
    const decision = { id: ulid(), ts: Date.now(), tzOffsetMin: 0, type: 'suggestion.inserted' as const, taskId, workflow: 'reply' as const, adapter: 'generic', recordId: '1', suggestionId: ulid(), mode: 'insert' as const, chars: 10, decisionMs: 100 };
    await expect(log.recordClientEvents([decision], 'site')).rejects.toThrow('not shown in this task');
  });

  it('verifies a clean log and names the event that was changed', async () => {
    const { log, db, taskId } = await taskWithSuggestion();
    expect(await log.verify()).toMatchObject({ ok: true, events: 2, installs: 1 });
    const [first] = await taskEvents(db, taskId);
    await rewriteStoredEvent(db, { ...first, actor: 'someone-else' });
    const result = await log.verify();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatchObject({ kind: 'hash', id: first.id, seq: 0 });
      expect(result.message).toContain(first.id);
    }
  });
});

describe('LogService.today', () => {
  it('counts today’s suggestions, decisions and sends, also in a live page that began yesterday', async () => {
    const { log, factory, recorder } = makeLog();
    const now = new Date(2026, 5, 2, 15).getTime();
    const midnight = new Date(2026, 5, 2).getTime();
    const sc = scope();
    const shown = (ts: number) => factory.make('suggestion.shown', { provider: 'playbook', model: 'm', promptId: 'p', promptVersion: '1', promptHash: null, contextFields: [], latencyMs: 5, firstTokenMs: 5, outputChars: 3, outputHash: textHash('abc'), maskedCount: 0 }, { ...sc, suggestionId: ulid() }, { ts, tzOffsetMin: 0 });
    await recorder.append(shown(midnight - 3_600_000));
    // Queued behind that write: one live page from before midnight to after it.
    await Promise.all([
      recorder.append(shown(midnight - 60_000)),
      recorder.append(shown(midnight + 60_000)),
      recorder.append(factory.make('suggestion.dismissed', { reason: 'tone', decisionMs: 5 }, { ...sc, suggestionId: ulid() }, { ts: midnight + 120_000, tzOffsetMin: 0 })),
    ]);
    await recorder.append(shown(now - 1000));
    expect(await log.today(now)).toEqual({ shown: 2, inserted: 0, dismissed: 1, submitted: 0, outcomes: {} });
  });
});
