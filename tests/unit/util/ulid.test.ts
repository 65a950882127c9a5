import { describe, expect, it, vi } from 'vitest';
import { decodeTime, isValid } from 'ulid';
import { ulid } from '../../../lib/util/ulid';

describe('ulid', () => {
  it('makes valid, distinct ULIDs of the given time, with every character of the alphabet in their random part', () => {
    const at = Date.parse('2026-12-03T10:00:00Z');
    const ids = Array.from({ length: 10_000 }, () => ulid(at));
    expect(ids.every(isValid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map(decodeTime))).toEqual(new Set([at]));
    expect(new Set(ids.flatMap((id) => [...id.slice(10)])).size).toBe(32);
  });

  it('draws its randomness from crypto a pool at a time, not a call per character', () => {
    const draws = vi.spyOn(crypto, 'getRandomValues');
    for (let i = 0; i < 1_000; i++) ulid();
    // 1,000 ids × 16 random characters = 16,000 bytes: four pools of 4,096 (the package alone: 16,000 calls).
    expect(draws.mock.calls.length).toBeLessThanOrEqual(5);
    expect(draws.mock.calls.length).toBeGreaterThanOrEqual(3);
    draws.mockRestore();
  });
});
