import { test, expect } from './fixtures';
import { panelOf } from './panel';

test('with no reply box on the page, the panel opens at the side with Copy, and the pasted reply is matched to the suggestion', async ({ page, demoUrl, ext, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demoUrl });
  await page.goto(`${demoUrl}/helpdesk/tickets/1042?compose=later`);
  const panel = panelOf(page);
  await panel.host.waitFor({ state: 'attached' }); // AxTrace has started
  await expect(panel.launcher).toHaveCount(0); // nothing on screen until asked for

  await page.keyboard.press('Alt+Shift+A');
  await expect(panel.dialog).toBeVisible();
  await expect(panel.dialog).toContainText('Charged twice for invoice INV-20931');
  // At the side: 16px from the page's right edge, since there is no editor to dock beside.
  const box = (await panel.dialog.boundingBox())!;
  expect(Math.abs((await page.evaluate(() => document.documentElement.clientWidth)) - 16 - (box.x + box.width))).toBeLessThanOrEqual(1);
  await panel.suggest.click();
  await expect(panel.suggestion).toBeVisible();
  const text = (await panel.suggestion.innerText()).trim();
  expect(text).toMatch(/^Hi Maria,/);
  await expect(panel.button('Insert')).toHaveCount(0);
  await panel.button('Copy').click();
  await expect(panel.status).toContainText('Copied — recorded');

  // The composer opens later; the person pastes and sends.
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  const reply = page.getByRole('textbox', { name: 'Reply to customer' });
  await reply.click();
  await page.keyboard.press('Control+V');
  await expect(reply).toHaveValue(text);
  await page.getByRole('button', { name: 'Send reply' }).click();

  const events = await ext.waitFor('task.submitted');
  const copied = events.find((e) => e.type === 'suggestion.inserted')!;
  expect(copied.mode).toBe('copy');
  const submitted = events.find((e) => e.type === 'task.submitted')!;
  expect(submitted).toMatchObject({ outcome: 'accepted', retention: 1, insertedSuggestionIds: [copied.suggestionId] });
  expect(new Set(events.filter((e) => e.taskId).map((e) => e.taskId)).size).toBe(1);
});
