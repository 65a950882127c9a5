import { expect, it } from 'vitest';
import { IdFilter } from '../../../lib/stats/id-filter';

it('an id filter never forgets an id it was given and, over a large import’s ids, answers no false "maybe"', () => {
  const filter = new IdFilter();
  // Ids alike but for a few characters, as a pilot's task ids are (ULIDs of nearby times), and random ones.
  const given = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? crypto.randomUUID() : `01JT${String(i).padStart(10, '0')}ABCDEFGHJKMN`));
  for (const id of given) filter.add(id);
  // Added twice: counted once.
  filter.add(given[0]);
  expect(filter.size).toBe(given.length);
  expect(given.every((id) => filter.mayHave(id))).toBe(true);
  // 200k other ids against 200k stored: 32-bit fingerprints would let through about ten.
  const others = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? crypto.randomUUID() : `01JU${String(i).padStart(10, '0')}ABCDEFGHJKMN`));
  expect(others.filter((id) => filter.mayHave(id))).toEqual([]);
  expect(new IdFilter().mayHave('')).toBe(false);
});
