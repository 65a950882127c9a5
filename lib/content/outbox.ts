import { browser } from 'wxt/browser';
import type { ClientEvent, ContentMessage, SubmitRequest } from '../messaging/protocol';

export interface SubmitAck {
  outcome: string;
  retention: number | null;
}

type Job =
  | { kind: 'events'; events: ClientEvent[]; resolvers: { resolve: () => void; reject: (e: Error) => void }[] }
  | { kind: 'submit'; submit: SubmitRequest; resolve: (a: SubmitAck) => void; reject: (e: Error) => void };

const RETRIES = 8;

/**
 * Sends what the content script wants recorded, in order, one message at a time; events queued
 * meanwhile travel together in the next message. A message that did not reach the background
 * (the service worker was stopped or is restarting) is sent again with the same event ids, which
 * the recorder deduplicates — so a panel told "recorded" was told the truth.
 */
export class Outbox {
  private jobs: Job[] = [];
  private busy = false;

  constructor(private readonly send: (m: ContentMessage) => Promise<unknown> = (m) => browser.runtime.sendMessage(m)) {}

  record(event: ClientEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      const last = this.jobs[this.jobs.length - 1];
      if (last?.kind === 'events' && last.events.length < 200) {
        last.events.push(event);
        last.resolvers.push({ resolve, reject });
      } else {
        this.jobs.push({ kind: 'events', events: [event], resolvers: [{ resolve, reject }] });
      }
      void this.pump();
    });
  }

  submit(submit: SubmitRequest): Promise<SubmitAck> {
    return new Promise((resolve, reject) => {
      this.jobs.push({ kind: 'submit', submit, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.jobs.length) {
        const job = this.jobs.shift()!;
        const message: ContentMessage = job.kind === 'events' ? { type: 'events.record', events: job.events } : { type: 'task.submit', submit: job.submit };
        try {
          const reply = (await this.deliver(message)) as { ok: boolean; error?: string; outcome?: string; retention?: number | null };
          if (!reply?.ok) throw new Error(reply?.error ?? 'the background did not accept the message');
          if (job.kind === 'events') job.resolvers.forEach((r) => r.resolve());
          else job.resolve({ outcome: reply.outcome ?? 'unknown', retention: reply.retention ?? null });
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          if (job.kind === 'events') job.resolvers.forEach((r) => r.reject(e));
          else job.reject(e);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async deliver(message: ContentMessage): Promise<unknown> {
    let delay = 100;
    for (let attempt = 0; ; attempt++) {
      try {
        const reply = await this.send(message);
        if (reply !== undefined) return reply;
        throw new Error('no answer from the background');
      } catch (error) {
        if (attempt >= RETRIES || !isTransient(error)) throw error;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 3000);
      }
    }
  }
}

function isTransient(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /no answer|Could not establish connection|Receiving end does not exist|message port closed|disconnected/i.test(text);
}
