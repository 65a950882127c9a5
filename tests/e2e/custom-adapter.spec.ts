import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, mapHostToLoopback, siteUrl } from './fixtures';
import { panelOf } from './panel';
import type { Page } from '@playwright/test';

// Orbit Desk is an invented app that no built-in adapter knows (tests/fixtures/sites/orbit).
const HOST = 'desk.orbit.test';
test.use({ browserArgs: mapHostToLoopback(HOST) });

function wizardOf(page: Page) {
  const dialog = page.locator('axtrace-teach').getByRole('dialog', { name: 'Teach AxTrace this app' });
  const row = (field: string) => dialog.locator(`fieldset[data-field="${field}"]`);
  return {
    dialog,
    row,
    pick: (field: string) => row(field).getByRole('button', { name: /^Pick/ }).click(),
    selector: (field: string) => row(field).locator('input').first(),
    preview: (field: string) => dialog.getByTestId(`axtrace-preview-${field}`),
    status: dialog.getByTestId('axtrace-teach-status'),
  };
}

test('a team teaches AxTrace a new app by picking elements; the saved adapter reads the case, inserts, and records the send', async ({ page, demoUrl, ext }) => {
  await page.goto(`${siteUrl(demoUrl, HOST)}/orbit/cases/310`);
  const panel = panelOf(page);
  await expect(panel.launcher).toBeVisible(); // the generic adapter found *a* textarea: the big scratchpad

  await panel.launcher.click();
  await expect(panel.dialog).toContainText('Orbit Desk'); // generic reads the product name as the subject
  await panel.host.getByRole('button', { name: 'Teach AxTrace this app…' }).click();
  const wizard = wizardOf(page);
  await expect(wizard.dialog).toBeVisible();

  // Pick each element on the page: hover highlights, click picks; the page does not react to the click.
  await wizard.pick('editor');
  await page.locator('[data-qa="reply-input"]').click();
  await expect(wizard.selector('editor')).toHaveValue('[data-qa="reply-input"]');
  await expect(wizard.preview('editor')).toHaveText('A textarea editor');

  await wizard.pick('send');
  await page.locator('[data-qa="dispatch"]').click();
  await expect(wizard.selector('send')).toHaveValue('[data-qa="dispatch"]');
  await expect(page.locator('.sent')).toHaveText(''); // the pick did not dispatch anything

  await wizard.pick('subject');
  await page.locator('[data-qa="case-subject"]').click();
  await expect(wizard.preview('subject')).toHaveText('“Replacement battery never arrived”');

  await wizard.pick('requester');
  await page.locator('[data-qa="customer-name"]').click();
  await expect(wizard.preview('requester')).toHaveText('“Ines Okafor”');

  await wizard.pick('message');
  await page.locator('[data-qa="timeline-entry"]').first().click();
  await expect(wizard.selector('message')).toHaveValue('[data-qa="timeline-entry"]');
  await expect(wizard.preview('message')).toContainText('3 messages; latest: “Ines Okafor It has been ten days');

  // Esc cancels a pick and keeps what was chosen.
  await wizard.pick('subject');
  await page.keyboard.press('Escape');
  await expect(wizard.status).toHaveText('Picking cancelled.');
  await expect(wizard.selector('subject')).toHaveValue('[data-qa="case-subject"]');

  await wizard.dialog.getByRole('button', { name: 'Save adapter' }).click();
  await expect(wizard.status).toContainText('Saved.');
  const changed = await ext.waitFor('config.changed');
  expect(changed.find((e) => e.type === 'config.changed')).toMatchObject({ keys: ['customAdapters'] });
  await wizard.dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(wizard.dialog).toHaveCount(0);

  // The panel now follows the taught adapter: the reply box, the real subject, the customer.
  await expect(panel.launcher).toBeVisible();
  const box = await page.locator('[data-qa="reply-input"]').boundingBox();
  const launcher = await panel.launcher.boundingBox();
  expect(launcher!.y).toBeLessThan(box!.y + box!.height);
  expect(launcher!.y + launcher!.height).toBeGreaterThan(box!.y);
  if (!(await panel.dialog.isVisible())) await panel.launcher.click();
  await expect(panel.dialog).toContainText('Replacement battery never arrived');
  await expect(panel.dialog).toContainText('From Ines Okafor');
  await expect(panel.dialog).toContainText('It has been ten days');
  await panel.suggest.click();
  await expect(panel.suggestion).toBeVisible();
  const text = (await panel.suggestion.innerText()).trim();
  await panel.button('Insert').click();
  await expect(page.locator('[data-qa="reply-input"]')).toHaveValue(text);
  await page.locator('[data-qa="dispatch"]').click();
  await expect(page.locator('.sent')).toHaveText('Dispatched.');

  const events = await ext.waitFor('task.submitted');
  const submitted = events.find((e) => e.type === 'task.submitted')!;
  expect(submitted).toMatchObject({ adapter: 'custom:desk-orbit-test', workflow: 'reply', outcome: 'accepted', trigger: 'button', site: HOST });

  // Another case in the SPA is another task on another record.
  await page.locator('[data-case-link="311"]').click();
  await page.locator('[data-qa="reply-input"]').click();
  // (Tasks so far: the generic adapter's on case 310, then the custom adapter's on 310.)
  const opened = await ext.waitFor('task.opened', 3);
  const next = opened.filter((e) => e.type === 'task.opened').at(-1)!;
  expect(next).toMatchObject({ adapter: 'custom:desk-orbit-test' });
  expect(next.taskId).not.toBe(submitted.taskId);
  expect(next.recordRef).not.toBe(submitted.recordRef);
});

test('custom adapters are shared as JSON: export, a bad file changes nothing and says where, a good file applies', async ({ page, demoUrl, ext }, testInfo) => {
  const options = ext.page;
  const adapter = {
    id: 'orbit',
    name: 'Orbit Desk',
    matches: ['http://desk.orbit.test/orbit/*'],
    workflow: 'ticket-reply',
    selectors: { editor: '[data-qa="reply-input"]', send: '[data-qa="dispatch"]', subject: '[data-qa="case-subject"]', message: '[data-qa="timeline-entry"]' },
    updatedAt: 1,
  };
  await mkdir(testInfo.outputDir, { recursive: true });
  const good = path.join(testInfo.outputDir, 'orbit.json');
  const bad = path.join(testInfo.outputDir, 'broken.json');
  await writeFile(good, JSON.stringify({ format: 'axtrace.custom-adapters', version: 1, adapters: [adapter] }));
  await writeFile(bad, JSON.stringify({ format: 'axtrace.custom-adapters', version: 1, adapters: [{ ...adapter, matches: ['desk.orbit.test'] }] }));

  const section = options.getByRole('region', { name: 'Custom adapters' });
  const message = section.getByTestId('custom-adapters-message');
  await section.getByLabel('Import custom adapters').setInputFiles(bad);
  await expect(message).toHaveText(/^broken\.json: adapters\.0\.matches\.0 "desk\.orbit\.test" is not a match pattern .* Nothing was changed\.$/);
  await expect(section.getByText('No custom adapters yet.')).toBeVisible();

  await section.getByLabel('Import custom adapters').setInputFiles(good);
  await expect(message).toHaveText('Imported. 1 custom adapter in use.');
  await expect(section.locator('[data-adapter="custom:orbit"]')).toContainText('Orbit Desk');

  const [download] = await Promise.all([options.waitForEvent('download'), section.getByRole('button', { name: 'Export as JSON' }).click()]);
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(exported).toEqual({ format: 'axtrace.custom-adapters', version: 1, adapters: [adapter] });

  // The imported adapter works on the page, with the workflow the file gave it.
  await page.goto(`${siteUrl(demoUrl, HOST)}/orbit/cases/311`);
  await page.locator('[data-qa="reply-input"]').click();
  await page.keyboard.type('Thanks Tomasz, the corrected invoice is on its way.');
  await page.locator('[data-qa="dispatch"]').click();
  const events = await ext.waitFor('task.submitted');
  expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ adapter: 'custom:orbit', workflow: 'ticket-reply', outcome: 'unassisted' });
});
