import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, EXTENSION_DIR } from './fixtures';
import { getSuggestion, panelOf } from './panel';

// Debian's Chromium reads enterprise policy from this folder; extensions get theirs under "3rdparty".
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, 'axtrace-e2e.json');

/** An unpacked extension's id: the first 128 bits of SHA-256 of its path, written with letters a–p. */
function unpackedExtensionId(dir: string): string {
  return [...createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

test.beforeAll(() => {
  mkdirSync(POLICY_DIR, { recursive: true });
  const policy = { captureLevel: 'full', pilotId: 'acme-support-pilot', decisionOwners: { reply: 'Head of Support' }, seats: 12, holdoutShare: 7 };
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(EXTENSION_DIR)]: policy } } }));
});
test.afterAll(() => rmSync(POLICY_FILE, { force: true }));

test('with an enterprise policy, the options page shows the managed fields as set by the organisation, and events follow them', async ({ page, demoUrl, ext, extensionId }) => {
  expect(extensionId).toBe(unpackedExtensionId(EXTENSION_DIR));
  const options = ext.page;
  await options.reload();
  const banner = options.getByTestId('managed-banner');
  await expect(banner).toContainText('Set by your organisation and locked here: captureLevel, decisionOwners, pilotId, seats');
  await expect(banner).toContainText('Ignored as invalid in the policy: holdoutShare'); // 7 is outside 0–0.5
  const full = options.getByRole('radio', { name: /Full text/ });
  await expect(full).toBeChecked();
  await expect(full).toBeDisabled();
  await expect(options.getByRole('radio', { name: /Metadata only/ })).toBeDisabled();

  // A configuration file cannot undo the policy either.
  const file = test.info().outputPath('config.json');
  writeFileSync(file, JSON.stringify({ captureLevel: 'metadata', teamId: 'emea-tier1' }));
  await options.getByLabel('Import configuration').setInputFiles(file);
  await expect(options.getByTestId('config-message')).toContainText('Applied config.json: teamId changed. Fields set by your organisation were kept.');
  await expect(full).toBeChecked();

  // The panel's events carry the managed pilot, owner and capture level.
  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  const text = await getSuggestion(page);
  await panelOf(page).button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  const events = await ext.waitFor('task.submitted');
  const shown = events.find((e) => e.type === 'suggestion.shown')!;
  expect(shown).toMatchObject({ pilotId: 'acme-support-pilot', teamId: 'emea-tier1', text });
  expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ decisionOwner: 'Head of Support', pilotId: 'acme-support-pilot' });
  const changes = events.filter((e) => e.type === 'config.changed');
  expect(changes.some((e) => e.source === 'managed' && (e.keys as string[]).includes('captureLevel'))).toBe(true);
  expect(changes.some((e) => e.source === 'file' && (e.keys as string[]).includes('teamId'))).toBe(true);
});
