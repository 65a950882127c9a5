import { test, expect, mapHostToLoopback, siteUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { ZENDESK_SELECTORS as S } from '../../../lib/adapters/zendesk';

const HOST = 'northwind.zendesk.com';
test.use({ browserArgs: mapHostToLoopback(HOST) });

type Editors = { zendeskEditors: Record<string, { getData(): string }> };
const ckData = (page: import('@playwright/test').Page, id: string) =>
  page.evaluate((i) => (window as unknown as Editors).zendeskEditors[i].getData(), id);

test.describe('Zendesk Agent Workspace adapter', () => {
  test('selectors match the fixture as expected, including the hidden duplicate ticket', async ({ page, demoUrl }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/agent/tickets/1042`);
    await page.locator('[data-test-id="omnicomposer-rich-text-ckeditor"]').first().waitFor();
    const count = (selector: string) => page.locator(selector).count();
    expect(await count(S.activeTab[0])).toBe(1);
    expect(await page.locator('[data-test-id="header-tab"][aria-current="page"]').count()).toBe(1);
    expect(await count(S.scope('1042')[0])).toBe(1);
    expect(await count(S.subject[0])).toBe(2); // one per mounted ticket
    expect(await count(S.editor[0])).toBe(2);
    expect(await count(S.logItem[0])).toBe(4);
    expect(await count(S.submit[0])).toBe(2);
  });

  test('reads the active ticket, inserts through CKEditor 5, undo removes it, and the submit button records the outcome', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/agent/tickets/1042`);
    const panel = panelOf(page);
    const text = await getSuggestion(page);
    await expect(panel.dialog).toContainText('Charged twice for my subscription');
    await expect(panel.dialog).toContainText('From Maria Lopez');
    await expect(panel.dialog).toContainText('duplicate refunded'); // latest end-user message
    expect(text).toMatch(/^Hi Maria,/);
    await expect(panel.why).toContainText('refund-double-charge');

    // Dock beside the visible editor, not the hidden duplicate.
    const editor = page.locator('[data-side-conversations-anchor-id="1042"] [data-test-id="omnicomposer-rich-text-ckeditor"]');
    const editorBox = (await editor.boundingBox())!;
    expect((await panel.dialog.boundingBox())!.x).toBeGreaterThanOrEqual(editorBox.x + editorBox.width);

    await panel.button('Insert').click();
    await expect.poll(() => ckData(page, '1042')).toContain('<p>Hi Maria,</p>');
    expect(await ckData(page, '1043')).toBe(''); // the hidden ticket's editor is untouched
    await editor.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => ckData(page, '1042')).toBe('');
    await page.keyboard.press('Control+y');
    await expect.poll(() => ckData(page, '1042')).toContain('Hi Maria,');

    await page.locator('[data-side-conversations-anchor-id="1042"] [data-test-id="submit_button-button"]').click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'zendesk', workflow: 'ticket-reply', outcome: 'accepted', trigger: 'button', site: HOST });
    expect(events.find((e) => e.type === 'task.opened')!.contextFields).toEqual(expect.arrayContaining(['recordId', 'subject', 'requester.name', 'thread', 'fields.status', 'fields.priority']));
  });

  test('switching to an internal note and to another ticket tab starts new tasks with the right workflow', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/agent/tickets/1042`);
    await panelOf(page).launcher.waitFor();
    await page.locator('[data-side-conversations-anchor-id="1042"] [data-test-id="omnichannel-channel-switcher-menuitem-internal"]').click();
    const text = await getSuggestion(page);
    expect(text).toContain('Escalating to Billing');
    await page.locator('[data-test-id="header-tab"][data-entity-id="1043"]').click();
    await expect(page).toHaveURL(/\/agent\/tickets\/1043$/);
    await page.locator('[data-side-conversations-anchor-id="1043"] [data-test-id="omnicomposer-rich-text-ckeditor"]').click();
    await page.keyboard.type('Sending a new reset link now.');
    // Typing stays in the editor even though the panel is still open (it never steals focus).
    await expect.poll(() => page.evaluate(() => (window as unknown as Editors).zendeskEditors['1043'].getData())).toContain('Sending a new reset link now.');
    await page.keyboard.press('Control+Enter');
    const events = await ext.waitFor('task.submitted');
    const opened = events.filter((e) => e.type === 'task.opened');
    expect(opened.map((e) => e.workflow)).toEqual(['internal-note', 'ticket-reply']);
    expect(events.find((e) => e.type === 'task.abandoned')!.taskId).toBe(opened[0].taskId);
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ taskId: opened[1].taskId, outcome: 'unassisted', trigger: 'shortcut' });
  });

  test('when the app changes under it, AxTrace falls back to basic mode, says so, and logs a censored adapter.miss', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/agent/tickets/1042?broken=1`);
    const panel = panelOf(page);
    await expect(panel.launcher).toBeVisible({ timeout: 15_000 });
    await panel.launcher.click();
    await expect(panel.dialog).toContainText('working in basic mode');
    const events = await ext.waitFor('adapter.miss');
    const miss = events.find((e) => e.type === 'adapter.miss')!;
    expect(miss).toMatchObject({ adapter: 'zendesk', missing: ['editor'], site: HOST });
    expect(miss.skeleton).toContain('data-test-id="omni-log-container"');
    expect(miss.skeleton).not.toContain('Maria'); // no page text, only tags and attributes
    expect(miss.skeleton).not.toContain('refund');
  });
});

test('the Zendesk adapter can be switched off in the options page; the generic adapter then takes over', async ({ page, demoUrl, ext }) => {
  const zendeskSwitch = ext.page.getByRole('checkbox', { name: /zendesk/ });
  await zendeskSwitch.click();
  await expect(zendeskSwitch).not.toBeChecked();
  await expect.poll(async () => (await ext.events()).filter((e) => e.type === 'config.changed').length).toBe(1);
  await page.bringToFront();
  await page.goto(`${siteUrl(demoUrl, HOST)}/agent/tickets/1042`);
  await panelOf(page).launcher.click();
  const events = await ext.waitFor('panel.opened');
  expect(events.find((e) => e.type === 'panel.opened')!.adapter).toBe('generic');
  expect(events.find((e) => e.type === 'config.changed')!.keys).toEqual(['disabledAdapters']);
  expect(events.some((e) => e.type === 'adapter.miss')).toBe(false);
});
