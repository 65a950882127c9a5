import { test, expect } from './fixtures';
import { panelOf, getSuggestion } from './panel';

test('editing a playbook template in the options page makes a new version that the panel then uses', async ({ page, demoUrl, ext }) => {
  const options = ext.page;
  await options.getByRole('searchbox', { name: 'Search templates' }).fill('password reset');
  await options.getByRole('button', { name: 'Edit Password reset email not arriving' }).click();
  const body = options.getByRole('textbox', { name: 'Text' });
  await body.fill('Hello {{requester.firstName|there}}, a new reset link is on its way. — {{agent.name|Support}}');
  await options.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'version 2' })).toBeVisible();

  await page.bringToFront();
  await page.goto(`${demoUrl}/helpdesk/tickets/1043`);
  const text = await getSuggestion(page);
  expect(text).toBe('Hello Daniel, a new reset link is on its way. — Support');
  await expect(panelOf(page).why).toContainText('prompt playbook:password-reset v2');
});

test('capture level "full" stores the suggestion text; regenerate and rating are recorded; the popup counts today', async ({ page, demoUrl, ext, context, extensionId }) => {
  await ext.page.getByRole('radio', { name: /Full text/ }).check();
  await expect(ext.page.getByText('Saved.')).toBeVisible();
  await page.bringToFront();
  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  const first = await getSuggestion(page);
  const panel = panelOf(page);
  await panel.button('Regenerate').click();
  await expect(panel.suggestion).not.toHaveText(first);
  await panel.button('Good suggestion').click();
  await expect(panel.status).toContainText('Rating recorded');

  const events = await ext.waitFor('suggestion.rated');
  const shown = events.filter((e) => e.type === 'suggestion.shown');
  expect(shown).toHaveLength(2);
  expect(shown[0].text).toBe(first);
  expect(events.filter((e) => e.type === 'suggestion.requested').map((e) => e.attempt)).toEqual([0, 1]);
  const rated = events.find((e) => e.type === 'suggestion.rated')!;
  expect(rated.rating).toBe('up');
  expect(rated.suggestionId).toBe(shown[1].suggestionId);
  expect(events.find((e) => e.type === 'config.changed')!.keys).toEqual(['captureLevel']);

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByTestId('popup-today')).toContainText('2 shown');
});
