import { expect, it } from 'vitest';
import { applyManaged, validateManaged } from '../../../lib/config/managed';
import { DEFAULT_CONFIG } from '../../../lib/config/schema';

it('managed keys are validated one by one, win over local values, and bad ones are named and ignored', () => {
  const managed = validateManaged({ captureLevel: 'redacted', holdoutShare: 0.9, retentionDays: 30, nonsense: 1 });
  expect(managed.values).toEqual({ captureLevel: 'redacted', retentionDays: 30 });
  expect(managed.rejected).toEqual(['holdoutShare', 'nonsense']);
  const effective = applyManaged({ ...DEFAULT_CONFIG, captureLevel: 'full', teamId: 'emea' }, managed);
  expect(effective).toMatchObject({ captureLevel: 'redacted', retentionDays: 30, teamId: 'emea', holdoutShare: 0 });
});
