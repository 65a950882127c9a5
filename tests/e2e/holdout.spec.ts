import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, type ExtensionPage } from './fixtures';
import { getSuggestion, panelOf } from './panel';
import { isHeldOut } from '../../lib/content/holdout';

const reply = (page: Page) => page.getByRole('textbox', { name: 'Reply to customer' });
// The generic adapter's task key on the demo ticket page (checked against the recorded event below).
const keyOf = (ticket: number) => `generic|${ticket}|reply`;
// The draw is a hash of the task key: of the demo's tickets, find for a share of 0.5 one held out and one not.
const tickets = [1042, 1043, 1044];
const heldOut = tickets.find((t) => isHeldOut(keyOf(t), 0.5))!;
const shown = tickets.find((t) => !isHeldOut(keyOf(t), 0.5))!;

async function applyConfig(ext: ExtensionPage, config: object) {
  const file = test.info().outputPath(`config-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(config));
  await ext.page.getByLabel('Import configuration').setInputFiles(file);
  await expect(ext.page.getByTestId('config-message')).toContainText('Applied');
}

/** Opens a task on the ticket without the panel's help: Alt+Shift+A (retried until AxTrace has attached to the reply box), then a reply typed and sent. */
async function replyByHand(page: Page, ext: ExtensionPage, url: string, text: string) {
  const before = (await ext.events({ types: ['task.opened'] })).length;
  await page.goto(url);
  await reply(page).click();
  await expect.poll(async () => {
    await page.keyboard.press('Alt+Shift+A');
    return (await ext.events({ types: ['task.opened'] })).length;
  }).toBe(before + 1);
  await reply(page).click();
  await page.keyboard.type(text);
  await reply(page).press('Control+Enter');
}

test('with a holdout share, held-out records get no panel and are still recorded, as held out and unassisted; other records get the panel', async ({ page, demoUrl, ext }) => {
  expect(heldOut).toBeDefined();
  expect(shown).toBeDefined();
  await applyConfig(ext, { holdoutShare: 0.5 });
  await page.goto(`${demoUrl}/helpdesk/tickets/${shown}`);

  // A record outside the control group: the panel is offered and used.
  await getSuggestion(page);
  await panelOf(page).button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  let events = await ext.waitFor('task.submitted');
  const open = events.find((e) => e.type === 'task.opened')!;
  expect(open).toMatchObject({ holdout: false, workflow: 'reply', adapter: 'generic' });
  expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ taskId: open.taskId, outcome: 'accepted' });

  // A held-out record: no launcher, and even the shortcut opens nothing; the work is still recorded.
  await replyByHand(page, ext, `${demoUrl}/helpdesk/tickets/${heldOut}`, 'Thanks, we have refunded the second charge.');
  await expect(panelOf(page).launcher).toHaveCount(0);
  await expect(panelOf(page).dialog).toHaveCount(0);
  events = await ext.waitFor('task.submitted', 2);
  const heldOpen = events.filter((e) => e.type === 'task.opened').at(-1)!;
  expect(heldOpen).toMatchObject({ holdout: true, workflow: 'reply', adapter: 'generic' });
  const heldTask = events.filter((e) => e.taskId === heldOpen.taskId);
  expect(heldTask.map((e) => e.type)).toEqual(['task.opened', 'task.submitted']); // no panel, no suggestion
  expect(heldTask[1]).toMatchObject({ outcome: 'unassisted', trigger: 'shortcut', aiShare: 0 });

  // The same record with no holdout: the panel is back.
  await applyConfig(ext, { holdoutShare: 0 });
  await page.goto(`${demoUrl}/helpdesk/tickets/${heldOut}`);
  await getSuggestion(page);
});
