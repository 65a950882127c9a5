import { test, expect, mapHostToLoopback, siteUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { JIRA_SELECTORS as S } from '../../../lib/adapters/jira';

// A Jira Data Center host: *.atlassian.net is HSTS-preloaded, so plain-http fixtures cannot use it.
const HOST = 'jira.northwind.example';
test.use({ browserArgs: mapHostToLoopback(HOST) });

type PmWindow = { jiraView(): { state: { doc: { textBetween(a: number, b: number, sep: string): string; content: { size: number } } } } };
const pmText = (page: import('@playwright/test').Page) =>
  page.evaluate(() => {
    const v = (window as unknown as PmWindow).jiraView();
    return v.state.doc.textBetween(0, v.state.doc.content.size, '\n');
  });

test.describe('Jira Service Management adapter', () => {
  test('selectors match the fixture as expected; the editor exists only once the comment box is opened', async ({ page, demoUrl }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/browse/SUP-101`);
    const count = (selector: string) => page.locator(selector).count();
    await page.locator(S.summary[0]).waitFor();
    expect(await count(S.summary[0])).toBe(1);
    expect(await count(S.issueKey[0])).toBe(1);
    expect(await count(S.commentBody[0])).toBe(1);
    expect(await count(S.internalTab[0])).toBe(1);
    expect(await count(S.save[0])).toBe(1);
    expect(await count(S.editor[0])).toBe(0);
    await page.getByRole('button', { name: 'Add a comment…' }).click();
    await expect(page.locator(S.editor[0])).toHaveCount(1);
  });

  test('reads the issue, inserts into ProseMirror with undo, and Save records the outcome', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/browse/SUP-101`);
    await page.getByRole('button', { name: 'Add a comment…' }).click();
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Cannot export invoices as CSV');
    await expect(panel.dialog).toContainText('From Priya Natarajan');
    expect(text).toMatch(/^Hi Priya,/);
    await expect(panel.why).toContainText('data-export');

    await panel.button('Insert').click();
    await expect.poll(() => pmText(page)).toContain('Hi Priya,');
    expect((await pmText(page)).replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    await page.locator(S.editor[0]).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => pmText(page)).toBe('');
    await page.keyboard.press('Control+y');
    await expect.poll(() => pmText(page)).toContain('Hi Priya,');

    await page.locator(S.save[0]).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'jira', workflow: 'ticket-reply', outcome: 'accepted', trigger: 'button', site: HOST });
  });

  test('the internal-note tab and moving to another issue start tasks with the right workflow and record', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/browse/SUP-101`);
    await page.getByRole('tab', { name: 'Add internal note' }).click();
    await page.getByRole('button', { name: 'Add a comment…' }).click();
    await expect(panelOf(page).launcher).toBeVisible();
    await page.keyboard.type('Escalating to engineering.');
    await page.getByRole('link', { name: 'SUP-102' }).click();
    await page.getByRole('button', { name: 'Add a comment…' }).click();
    await expect(panelOf(page).launcher).toBeVisible();
    await page.keyboard.type('Your account is unlocked now.');
    await page.keyboard.press('Control+Enter');
    const events = await ext.waitFor('task.submitted');
    const opened = events.filter((e) => e.type === 'task.opened');
    expect(opened.map((e) => e.workflow)).toEqual(['internal-note', 'ticket-reply']);
    expect(opened[0].recordRef).not.toBe(opened[1].recordRef);
    expect(events.find((e) => e.type === 'task.abandoned')!.taskId).toBe(opened[0].taskId);
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ taskId: opened[1].taskId, adapter: 'jira', outcome: 'unassisted', trigger: 'shortcut' });
  });
});
