import { describe, expect, it } from 'vitest';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import { fastSha256, nobleSha256 } from '../../../lib/export/sha256';
import { EventHasher } from '../../../lib/stats/event-hasher';
import { buildLog } from '../../support/log-builder';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const steps = [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'edited', retention: 0.8, aiShare: 0.6 }] as const;
const logOf = (actor: string) => buildLog({ actor }, [0, 1].map((i) => ({ start: DAY + i * 3_600_000, steps: [...steps] })));
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('EventHasher', () => {
  for (const kit of [fastSha256, async () => nobleSha256()]) {
    it(`hashes an ASCII line from its bytes exactly as from its text (${kit === fastSha256 ? 'WebAssembly' : 'JavaScript'})`, async () => {
      const hasher = new EventHasher(await kit());
      for (const event of logOf('ana')) {
        const line = canonicalEventJson(event);
        expect(hasher.matches(event, line)).toBe(true);
        expect(hasher.matchesAscii(event, line, bytesOf(line))).toBe(true);
      }
    });
  }

  it('the bytes are what is hashed: one changed byte fails, though the text given beside them is intact', async () => {
    const hasher = new EventHasher(await fastSha256());
    const [event] = logOf('ana');
    const line = canonicalEventJson(event);
    const bytes = bytesOf(line);
    bytes[line.indexOf('"actor":"ana"') + 9] = 'o'.charCodeAt(0);
    expect(hasher.matchesAscii(event, line, bytes)).toBe(false);
  });

  it('a tampered event fails either way', async () => {
    const hasher = new EventHasher(await fastSha256());
    const [event] = logOf('ana');
    const tampered = { ...event, actor: 'bob' };
    const line = canonicalEventJson(tampered);
    expect(hasher.matches(tampered, line)).toBe(false);
    expect(hasher.matchesAscii(tampered, line, bytesOf(line))).toBe(false);
  });
});
