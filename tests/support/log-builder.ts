// Builds a valid, chained event log for one install in plain Node (tests and team-import files):
// tasks written as a short script of what the person did, at chosen times.
import { ulid } from 'ulid';
import { eventHash } from '../../lib/log/chain';
import { GENESIS_HASH, type AxEvent } from '../../lib/log/schema';

export type Step =
  | { at: number; type: 'open' }
  | { at: number; type: 'panel' }
  | { at: number; type: 'shown'; chars?: number; provider?: string; promptVersion?: string }
  | { at: number; type: 'inserted'; decisionMs: number }
  | { at: number; type: 'dismissed'; reason: 'too_long' | 'tone' | 'wrong' | 'incomplete'; decisionMs: number }
  | { at: number; type: 'sent'; outcome: 'accepted' | 'edited' | 'fallback' | 'unassisted'; retention: number | null; aiShare: number; chars?: number };

export interface TaskScript {
  start: number;
  site?: string;
  workflow?: 'ticket-reply' | 'internal-note' | 'crm-email';
  steps: Step[];
}

const HEX = '0123456789abcdef';
const fakeHash = (seed: string) => Array.from({ length: 64 }, (_, i) => HEX[(seed.charCodeAt(i % seed.length) + i) % 16]).join('');

export function buildLog(person: { installId?: string; actor: string; decisionOwner?: string | null; teamId?: string }, tasks: TaskScript[]): AxEvent[] {
  const installId = person.installId ?? ulid();
  // Loosely typed while assembling; the result is checked against the zod schema by its users.
  const raw: (Record<string, unknown> & { ts: number })[] = [];
  for (const t of tasks) {
    const taskId = ulid(t.start);
    let suggestionId: string | null = null;
    for (const step of t.steps) {
      const ts = t.start + step.at * 1000;
      if (step.type === 'shown') suggestionId = ulid(ts);
      const base = {
        schemaVersion: 1 as const, extVersion: '0.1.0', id: ulid(ts), ts, tzOffsetMin: 0, installId, actor: person.actor, actorRole: 'agent',
        decisionOwner: person.decisionOwner ?? null, teamId: person.teamId ?? 'support-emea', pilotId: 'pilot-1', configHash: fakeHash('config'),
        site: t.site ?? 'northwind.zendesk.com', adapter: 'zendesk', workflow: t.workflow ?? 'ticket-reply', taskId, recordRef: fakeHash(taskId), suggestionId: null as string | null,
      };
      const s = { ...base, suggestionId };
      const provider = step.type === 'shown' ? { provider: step.provider ?? 'playbook', model: 'm1', promptId: 'ticket-reply', promptVersion: step.promptVersion ?? '1' } : null;
      switch (step.type) {
        case 'open':
          raw.push({ ...base, type: 'task.opened', holdout: false, contextFields: [] });
          break;
        case 'panel':
          raw.push({ ...base, type: 'panel.opened', trigger: 'click' });
          break;
        case 'shown':
          raw.push({ ...s, id: ulid(ts - 500), ts: ts - 500, type: 'suggestion.requested', ...provider!, attempt: 0 });
          raw.push({ ...s, type: 'suggestion.shown', ...provider!, promptHash: null, contextFields: ['subject'], latencyMs: 500, firstTokenMs: 200, outputChars: step.chars ?? 200, outputHash: fakeHash(String(ts)), maskedCount: 0 });
          break;
        case 'inserted':
          raw.push({ ...s, type: 'suggestion.inserted', mode: 'insert', chars: 200, decisionMs: step.decisionMs });
          break;
        case 'dismissed':
          raw.push({ ...s, type: 'suggestion.dismissed', reason: step.reason, decisionMs: step.decisionMs });
          break;
        case 'sent':
          raw.push({
            ...base, type: 'task.submitted', trigger: 'button', finalChars: step.chars ?? 200, finalHash: fakeHash(`f${ts}`), retention: step.retention, wordRetention: step.retention,
            similarity: step.retention, aiShare: step.aiShare, outcome: step.outcome, thresholds: { accepted: 0.9, edited: 0.3 }, insertedSuggestionIds: [], durationMs: step.at * 1000,
          });
          break;
      }
    }
  }
  raw.sort((a, b) => a.ts - b.ts);
  let prevHash = GENESIS_HASH;
  return raw.map((e, seq) => {
    const unhashed = { ...e, seq, prevHash, hash: '' } as AxEvent;
    const event = { ...unhashed, hash: eventHash(unhashed) } as AxEvent;
    prevHash = event.hash;
    return event;
  });
}

export const toNdjson = (events: AxEvent[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
