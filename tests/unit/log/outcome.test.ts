import { describe, expect, it } from 'vitest';
import { classifyOutcome, lcsLength, measureRetention } from '../../../lib/log/outcome';
import { normalizeText } from '../../../lib/log/text';

// 100 characters with no repeats that could create extra LCS matches across edits.
const S = 'abcdefghij'.repeat(10);

describe('text measures', () => {
  it('computes LCS and normalises text', () => {
    expect(lcsLength('ABCBDAB', 'BDCABA')).toBe(4);
    expect(lcsLength('', 'abc')).toBe(0);
    expect(normalizeText('  Cafe\u0301\n\n  ok\t ')).toBe('Café ok');
  });

  it('keeps retention at 1 when the whole suggestion survives with additions', () => {
    const s = 'Thanks for your patience.';
    const m = measureRetention(s, `Hi Maria! ${s} Cheers`);
    expect(m.retention).toBe(1);
    expect(m.wordRetention).toBe(1);
    expect(m.similarity).toBeLessThan(1);
    expect(measureRetention(s, s)).toMatchObject({ retention: 1, wordRetention: 1, similarity: 1 });
  });

  it('measures half a suggestion deleted as retention 0.5', () => {
    const m = measureRetention('aaaaabbbbb', 'aaaaa');
    expect(m.retention).toBe(0.5);
    expect(m.similarity).toBe(0.5);
  });
});

describe('classifyOutcome', () => {
  it('separates fallback from unassisted when nothing was inserted', () => {
    expect(classifyOutcome({ inserted: [], finalText: 'mine', aiOffered: true })).toMatchObject({ outcome: 'fallback', retention: null, aiShare: 0 });
    expect(classifyOutcome({ inserted: [], finalText: 'mine', aiOffered: false }).outcome).toBe('unassisted');
  });

  it('applies the thresholds at their exact boundaries', () => {
    expect(classifyOutcome({ inserted: [S], finalText: S.slice(0, 90), aiOffered: true })).toMatchObject({ outcome: 'accepted', retention: 0.9 });
    expect(classifyOutcome({ inserted: [S], finalText: S.slice(0, 89), aiOffered: true })).toMatchObject({ outcome: 'edited', retention: 0.89 });
    expect(classifyOutcome({ inserted: [S], finalText: S.slice(0, 30), aiOffered: true })).toMatchObject({ outcome: 'edited', retention: 0.3 });
    expect(classifyOutcome({ inserted: [S], finalText: S.slice(0, 29), aiOffered: true })).toMatchObject({ outcome: 'fallback', retention: 0.29 });
    const strict = { accepted: 0.95, edited: 0.5 };
    expect(classifyOutcome({ inserted: [S], finalText: S.slice(0, 90), aiOffered: true, thresholds: strict }).outcome).toBe('edited');
  });

  it('uses the best of several inserted suggestions and caps the AI share at 1', () => {
    const r = classifyOutcome({ inserted: ['hello there', 'hello there'], finalText: 'hello there', aiOffered: true });
    expect(r).toMatchObject({ outcome: 'accepted', retention: 1, aiShare: 1 });
    const half = classifyOutcome({ inserted: ['abcde'], finalText: 'abcde vwxyz', aiOffered: true });
    expect(half.aiShare).toBeCloseTo(5 / 11, 6);
  });

  it('handles an empty sent text', () => {
    expect(classifyOutcome({ inserted: ['abc'], finalText: '', aiOffered: true })).toMatchObject({ outcome: 'fallback', retention: 0, aiShare: 0 });
  });
});
