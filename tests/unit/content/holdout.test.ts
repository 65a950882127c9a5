import { expect, it } from 'vitest';
import { isHeldOut } from '../../../lib/content/holdout';

it('holds out about the configured share of records, always the same ones, and none at 0', () => {
  const keys = Array.from({ length: 4000 }, (_, i) => `northwind.zendesk.com|ticket-${i}|ticket-reply`);
  expect(keys.filter((k) => isHeldOut(k, 0)).length).toBe(0);
  const held = keys.filter((k) => isHeldOut(k, 0.2)).length;
  expect(held / keys.length).toBeGreaterThan(0.17);
  expect(held / keys.length).toBeLessThan(0.23);
  expect(keys.filter((k) => isHeldOut(k, 0.2))).toEqual(keys.filter((k) => isHeldOut(k, 0.2)));
});
