import { afterEach, describe, expect, it, vi } from 'vitest';
import { atMostEvery } from '../../../lib/util/at-most-every';

describe('atMostEvery', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lets the first call through, then one per period, and an urgent call whenever it comes', () => {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const got: string[] = [];
    const post = atMostEvery(250, (s: string) => got.push(s), (s) => s.startsWith('!'));
    for (const [at, s] of [[1_000, 'a'], [1_100, 'b'], [1_249, 'c'], [1_250, 'd'], [1_260, '!urgent'], [1_300, 'e'], [1_510, 'f']] as const) {
      now = at;
      post(s);
    }
    // 'e' comes 40 ms after the urgent call, which started a new period.
    expect(got).toEqual(['a', 'd', '!urgent', 'f']);
  });
});
