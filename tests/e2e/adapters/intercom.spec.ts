import { test, expect, mapHostToHttpsLoopback, siteHttpsUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { INTERCOM_SELECTORS as S } from '../../../lib/adapters/intercom';

// app.intercom.com is HSTS-preloaded: it is served by the fixture server's HTTPS listener
// (self-signed certificate), with the host mapped to loopback.
const HOST = 'app.intercom.com';
const CONVERSATION = '/a/inbox/nw4x9k2p/inbox/conversation/215469821143521';
test.use({ browserArgs: mapHostToHttpsLoopback(HOST) });

type PmWindow = { intercomView(): { state: { doc: { textBetween(a: number, b: number, sep: string): string; content: { size: number } } } } };
const pmText = (page: import('@playwright/test').Page) =>
  page.evaluate(() => {
    const v = (window as unknown as PmWindow).intercomView();
    return v.state.doc.textBetween(0, v.state.doc.content.size, '\n');
  });

test.describe('Intercom adapter', () => {
  test('selectors match the fixture as expected', async ({ page, demoHttpsUrl }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CONVERSATION}`);
    expect(new URL(page.url()).protocol).toBe('https:');
    const count = (selector: string) => page.locator(selector).count();
    await page.locator(S.editor[0]).waitFor();
    expect(await count(S.title[0])).toBe(1);
    expect(await count(S.stream[0])).toBe(1);
    expect(await count(`${S.stream[0]} ${S.part}`)).toBe(5);
    expect(await count(`${S.part}[data-part-group-category="1"]`)).toBe(2);
    expect(await count(`${S.part} ${S.partBody[0]}`)).toBe(5);
    expect(await count(S.requester[0])).toBe(1);
    expect(await count(S.editor[0])).toBe(1);
    expect(await count(S.editor[1])).toBe(1);
    expect(await count(`${S.editor[0]} p.intercom-interblocks-align-left`)).toBe(1);
    expect(await count(S.send[0])).toBe(1);
    expect(await count(S.noteTab[0])).toBe(0);
    await page.getByRole('tab', { name: 'Note' }).click();
    expect(await count(S.noteTab[0])).toBe(1);
    await expect(page.locator(`${S.notePane} .ProseMirror[contenteditable="true"]`)).toHaveCount(1);
  });

  test('reads the conversation, inserts into ProseMirror with undo, and Send records the outcome', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CONVERSATION}`);
    await page.locator(S.editor[0]).click();
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Order still not delivered');
    await expect(panel.dialog).toContainText('From Lena Hoffmann');
    // The latest customer part, not the agent's, the note or the bot's.
    await expect(panel.dialog).toContainText('need it by Friday');
    expect(text).toMatch(/^Hi Lena,/);
    await expect(panel.why).toContainText('shipping-delay');

    await panel.button('Insert').click();
    await expect.poll(() => pmText(page)).toContain('Hi Lena,');
    expect((await pmText(page)).replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    await page.locator(S.editor[0]).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => pmText(page)).toBe('');
    await page.keyboard.press('Control+y');
    await expect.poll(() => pmText(page)).toContain('Hi Lena,');

    await page.locator(S.send[0]).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'intercom', workflow: 'ticket-reply', outcome: 'accepted', trigger: 'button', site: HOST });
    expect(events.find((e) => e.type === 'task.opened')!.recordRef).toBe(submitted.recordRef);
    // The app cleared the composer after sending; the recorded text was read before that.
    await expect.poll(() => pmText(page)).toBe('');
    await expect(page.locator(`${S.part}[data-part-group-category="3"]`).last()).toContainText('Hi Lena,');
  });

  test('switching Reply to Note, and moving to another conversation, start tasks with the right workflow and record', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CONVERSATION}`);
    await page.locator(S.editor[0]).click();
    await expect(panelOf(page).launcher).toBeVisible();
    await page.keyboard.type('Checking with the courier.');
    await page.getByRole('tab', { name: 'Note' }).click();
    await page.locator(S.editor[0]).click();
    await page.keyboard.type('Courier ticket opened.');
    await page.getByRole('link', { name: 'Tomas Ferreira' }).click();
    await expect(page).toHaveURL(/\/inbox\/shared\/all\/conversation\/215469821143988$/);
    await page.locator(S.editor[0]).click();
    await page.keyboard.type('A new reset link is on its way.');
    await page.keyboard.press('Control+Enter');
    const events = await ext.waitFor('task.submitted');
    const opened = events.filter((e) => e.type === 'task.opened');
    expect(opened.map((e) => e.workflow)).toEqual(['ticket-reply', 'internal-note', 'ticket-reply']);
    expect(opened[0].recordRef).toBe(opened[1].recordRef);
    expect(opened[2].recordRef).not.toBe(opened[0].recordRef);
    const abandoned = events.filter((e) => e.type === 'task.abandoned').map((e) => e.taskId);
    expect(abandoned).toEqual([opened[0].taskId, opened[1].taskId]);
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ taskId: opened[2].taskId, adapter: 'intercom', workflow: 'ticket-reply', outcome: 'unassisted', trigger: 'shortcut', site: HOST });
  });
});
