import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import { fastSha256 } from '../../../lib/export/sha256';
import { EventHasher } from '../../../lib/stats/event-hasher';
import { validateChunk } from '../../../lib/stats/validate-chunk';
import { buildLog } from '../../support/log-builder';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const steps = [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'edited', retention: 0.8, aiShare: 0.6 }] as const;
const logOf = (actor: string) => buildLog({ actor }, [0, 1].map((i) => ({ start: DAY + i * 3_600_000, steps: [...steps] })));
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('validateChunk hashing', () => {
  it('checks lines with characters beyond ASCII from their text, and a tampered one still fails', async () => {
    const hasher = new EventHasher(await fastSha256());
    const log = logOf('Zoë Łukasiewicz');
    const lines = log.map((e) => canonicalEventJson(e));
    const ok = validateChunk({ bytes: bytesOf(lines.join('\n') + '\n') }, hasher);
    expect(ok.failure).toBeUndefined();
    expect(ok.lines).toEqual(lines);
    const bad = validateChunk({ bytes: bytesOf([lines[0], lines[1].replace('Zoë', 'Zoe')].join('\n')) }, hasher);
    expect(bad.failure).toEqual({ line: 2, message: expect.stringContaining('hash does not match') });
  });

  it('a byte that is not UTF-8 is hashed as what it decodes to (U+FFFD), not as itself: a line hashed over the raw byte fails', async () => {
    const kit = await fastSha256();
    const hasher = new EventHasher(kit);
    const [first, second] = logOf('x~y');
    const lines = [first, second].map((e) => canonicalEventJson(e));
    // A hostile writer's line: the actor holds the byte 0x80, and the hash covers that byte.
    const field = `"hash":"${second.hash}",`;
    const raw = (text: string) => bytesOf(text).map((b, i) => (i === text.indexOf('"actor":"x~y"') + 10 ? 0x80 : b));
    const hash = bytesToHex(kit.digest(raw(second.prevHash + lines[1].replace(field, ''))));
    const hostile = raw(lines[1].replace(second.hash, hash));
    const chunk = new Uint8Array([...bytesOf(lines[0] + '\n'), ...hostile]);
    const result = validateChunk({ bytes: chunk }, hasher);
    expect(result.failure).toEqual({ line: 2, message: expect.stringContaining('hash does not match') });
  });

  it('fails an ASCII line whose text was changed after it was hashed', async () => {
    const hasher = new EventHasher(await fastSha256());
    const lines = logOf('ana').map((e) => canonicalEventJson(e));
    const bad = validateChunk({ bytes: bytesOf([lines[0], lines[1], lines[2].replace('"actor":"ana"', '"actor":"ann"')].join('\n')) }, hasher);
    expect(bad.failure).toEqual({ line: 3, message: expect.stringContaining('hash does not match') });
    expect(bad.lines).toEqual(lines.slice(0, 2));
  });
});

describe('validateChunk lines and runs', () => {
  const canonicalLines = () => logOf('ann').map((e) => canonicalEventJson(e));

  it('a chunk of canonical lines is one run whose body is its bytes, and no lines are handed back', async () => {
    const hasher = new EventHasher(await fastSha256());
    const lines = canonicalLines();
    const result = validateChunk({ bytes: bytesOf(lines.join('\n') + '\n'), runUpTo: 100 }, hasher);
    expect(result.run).toMatchObject({ count: lines.length, body: { bytes: bytesOf(lines.join('\n')).length } });
    expect(result.lines).toEqual([]);
    expect([...result.numbers]).toEqual(lines.map((_, i) => i + 1));
  });

  it('hands back the lines read before a bad one, and those before and after a blank or rewritten one, as stored', async () => {
    const hasher = new EventHasher(await fastSha256());
    const lines = canonicalLines();
    const bad = validateChunk({ bytes: bytesOf([...lines.slice(0, 3), '{not json', ...lines.slice(3)].join('\n')), runUpTo: 100 }, hasher);
    expect(bad).toMatchObject({ lines: lines.slice(0, 3), failure: { line: 4 } });
    expect(bad.run).toBeUndefined();
    // Spaced out: the same event, written another way; stored as its canonical line.
    const spaced = JSON.stringify(JSON.parse(lines[4]), null, 1).replace(/\n/g, '');
    const mixed = validateChunk({ bytes: bytesOf([...lines.slice(0, 2), '', ...lines.slice(2, 4), spaced, ...lines.slice(5)].join('\n')), runUpTo: 100 }, hasher);
    expect(mixed.failure).toBeUndefined();
    expect(mixed.run).toMatchObject({ count: lines.length, body: lines.join('\n') });
    const tooMany = validateChunk({ bytes: bytesOf([...lines.slice(0, 2), '', ...lines.slice(2)].join('\n')), runUpTo: 3 }, hasher);
    expect(tooMany.run).toBeUndefined();
    expect(tooMany.lines).toEqual(lines);
    expect([...tooMany.numbers]).toEqual(lines.map((_, i) => (i < 2 ? i + 1 : i + 2)));
  });
});
