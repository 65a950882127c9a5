import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { Outbox } from '../../../lib/content/outbox';
import type { ClientEvent, ContentMessage } from '../../../lib/messaging/protocol';

function event(): ClientEvent {
  return { id: ulid(), ts: Date.now(), tzOffsetMin: 0, type: 'panel.opened', trigger: 'click', taskId: ulid(), workflow: 'reply', adapter: 'generic', recordId: '1', suggestionId: null };
}

describe('Outbox', () => {
  it('sends events queued during a message together, in order', async () => {
    const sent: ContentMessage[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const outbox = new Outbox(async (m) => {
      sent.push(m);
      if (sent.length === 1) await gate;
      return { ok: true };
    });
    const [a, b, c] = [event(), event(), event()];
    const done = [outbox.record(a), outbox.record(b), outbox.record(c)];
    await Promise.resolve();
    release();
    await Promise.all(done);
    expect(sent.map((m) => (m.type === 'events.record' ? m.events.map((e) => e.id) : []))).toEqual([[a.id], [b.id, c.id]]);
  });

  it('retries a message the background did not receive, with the same ids', async () => {
    const attempts: string[][] = [];
    const outbox = new Outbox(async (m) => {
      attempts.push(m.type === 'events.record' ? m.events.map((e) => e.id) : []);
      if (attempts.length < 3) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true };
    });
    const e = event();
    await outbox.record(e);
    expect(attempts).toEqual([[e.id], [e.id], [e.id]]);
  });

  it('does not retry a refusal and reports it', async () => {
    let calls = 0;
    const outbox = new Outbox(async () => {
      calls++;
      return { ok: false, error: 'malformed message' };
    });
    await expect(outbox.record(event())).rejects.toThrow('malformed message');
    expect(calls).toBe(1);
  });
});
