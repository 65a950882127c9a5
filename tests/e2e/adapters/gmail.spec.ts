import { test, expect, mapHostToHttpsLoopback, siteHttpsUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { GMAIL_SELECTORS as S } from '../../../lib/adapters/gmail';

// mail.google.com is HSTS-preloaded: it is served by the fixture server's HTTPS listener
// (self-signed certificate), with the host mapped to loopback; the port is in the URL.
const HOST = 'mail.google.com';
const THREAD = 'FMfcgzQbvNwLrTtXkqPzHhJcMdWsSgBn';
const OTHER = 'FMfcgzQbvNxRpKkMdTtLzHwBcJnQsVfG';
test.use({ browserArgs: mapHostToHttpsLoopback(HOST) });

const body = (page: import('@playwright/test').Page) => page.locator(S.editor[0]);

test.describe('Gmail adapter', () => {
  test('selectors match the fixture as expected; the compose body exists only once Reply is clicked', async ({ page, demoHttpsUrl }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}/mail/u/0/#inbox/${THREAD}`);
    expect(new URL(page.url()).protocol).toBe('https:');
    const count = (selector: string) => page.locator(selector).count();
    await page.locator(S.subject[0]).waitFor();
    expect(await count(S.subject[0])).toBe(1);
    expect(await count(S.subject[1])).toBe(1);
    expect(await page.locator(S.subject[0]).getAttribute(S.threadId)).toBe('18c2f4a9b7e01d35');
    expect(await count(S.message[0])).toBe(3);
    expect(await count(`${S.message[0]} ${S.sender[0]}`)).toBe(3);
    expect(await count(`${S.message[0]} .ii.gt ${S.body[0]}.aiL`)).toBe(3);
    expect(await count(`${S.message[0]} ${S.quote}`)).toBe(2);
    expect(await count(S.editor[0])).toBe(0);
    await page.locator('div[role=button].aaq').click();
    for (const selector of S.editor) expect(await count(selector)).toBe(1);
    expect(await count(`.AO ${S.compose} input[name=composeid]`)).toBe(1);
    // Both send selectors find the one Send button, not "More send options" beside it.
    for (const selector of S.send) expect(await page.locator(selector).getAttribute('aria-label')).toMatch(/^Send/);
    expect(await count(S.send[0])).toBe(1);
    expect(await count(`${S.send[0]}, .IZ .Up div > div[role=button][aria-haspopup=true]`)).toBe(2);
  });

  test('reads the thread, inserts into the compose body with undo, and Send records the outcome', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}/mail/u/0/#inbox/${THREAD}`);
    await page.locator('div[role=button].aaq').click();
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Copy of the October invoice');
    await expect(panel.dialog).toContainText('From Aisha Karimi');
    // The latest message from the customer, without the quoted earlier reply.
    await expect(panel.dialog).toContainText('copy of the October invoice as a PDF');
    await expect(panel.dialog).not.toContainText('they are under Billing');
    expect(text).toMatch(/^Hi Aisha,/);
    await expect(panel.why).toContainText('invoice-copy');

    await panel.button('Insert').click();
    await expect(body(page)).toContainText('Hi Aisha,');
    expect((await body(page).innerText()).replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' '));
    await body(page).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => body(page).innerText()).toMatch(/^\s*$/);
    await page.keyboard.press('Control+Shift+z');
    await expect(body(page)).toContainText('Hi Aisha,');

    await page.locator(S.send[0]).click();
    await expect(page.getByRole('alert')).toHaveText('Message sent');
    await expect(body(page)).toHaveCount(0);
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'gmail', workflow: 'email', outcome: 'accepted', trigger: 'button', site: HOST });
    expect(events.find((e) => e.type === 'task.opened')!.recordRef).toBe(submitted.recordRef);
  });

  test('moving to another thread (hash route) ends one task and starts another for the new thread', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}/mail/u/0/#inbox/${THREAD}`);
    await page.locator('div[role=button].aaq').click();
    await expect(panelOf(page).launcher).toBeVisible();
    await page.keyboard.type('Attached, see below.');
    await page.getByRole('button', { name: 'Older' }).click();
    await expect(page).toHaveURL(new RegExp(`#inbox/${OTHER}$`));
    await expect(page.locator(S.subject[0])).toHaveText('Cancelling our plan');
    await page.locator('div[role=button].aaq').click();
    await expect(panelOf(page).launcher).toBeVisible();
    await page.keyboard.type('Sorry to see you go.');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('alert')).toHaveText('Message sent');
    const events = await ext.waitFor('task.submitted');
    const opened = events.filter((e) => e.type === 'task.opened');
    expect(opened.map((e) => e.workflow)).toEqual(['email', 'email']);
    expect(opened[0].recordRef).not.toBe(opened[1].recordRef);
    expect(events.find((e) => e.type === 'task.abandoned')!.taskId).toBe(opened[0].taskId);
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ taskId: opened[1].taskId, adapter: 'gmail', workflow: 'email', outcome: 'unassisted', trigger: 'shortcut', site: HOST });
  });
});
