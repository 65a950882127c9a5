import type { Page } from '@playwright/test';
import { test, expect, mapHostToHttpsLoopback, siteHttpsUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { SALESFORCE_SELECTORS as S } from '../../../lib/adapters/salesforce';

// Lightning is HTTPS only: the org's host is mapped to loopback and served by the fixture
// server's HTTPS listener (self-signed certificate).
const HOST = 'northwind.lightning.force.com';
const CASE_A = '/lightning/r/Case/5008d00000ZkQ2aAAF/view';
const CASE_B = '/lightning/r/Case/5008d00000ZkQ3bAAF/view';
test.use({ browserArgs: mapHostToHttpsLoopback(HOST) });

type Win = {
  sfQuill(): { getText(): string } | null;
  sfCk(): { getData(): string; status: string; focus(): void } | null;
};
const quillText = (page: Page) => page.evaluate(() => (window as unknown as Win).sfQuill()?.getText() ?? '');
const ckData = (page: Page) => page.evaluate(() => (window as unknown as Win).sfCk()?.getData() ?? '');
// One email composer is opened per test, so one "CK Editor Container" frame is on the page.
const emailBody = (page: Page) => page.frameLocator(S.emailOuterFrame[0]).frameLocator(S.emailInnerFrame[0]).locator('body');

/** Nothing may leave loopback: every request goes to the mapped host (or is a data:/about: URL). */
function watchRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/^https?:$/.test(url.protocol) && url.hostname !== HOST) outside.push(r.url());
  });
  return outside;
}

async function openEmail(page: Page) {
  await page.locator('.windowViewMode-normal:not(.hidden) lightning-tab-bar a[role="tab"]', { hasText: 'Email' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as Win).sfCk()?.status)).toBe('ready');
  await expect(emailBody(page)).toHaveAttribute('role', 'textbox');
}

async function openPost(page: Page) {
  await page.locator('.windowViewMode-normal:not(.hidden) button[title="Share an update..."]').click();
  await expect(page.locator(`${S.view[0]}:visible ${S.postEditor[0]}`)).toHaveCount(1);
}
const visibleFeed = (page: Page) => page.locator(`${S.view[0]}:visible ${S.post}`);

test.describe('Salesforce Lightning Case adapter', () => {
  test('selectors match the fixture as expected (hidden cached view, native shadow feed, two-frame email editor)', async ({ page, demoHttpsUrl }) => {
    const outside = watchRequests(page);
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CASE_A}`);
    const count = (selector: string) => page.locator(selector).count();
    await page.locator(S.view[0]).first().waitFor({ state: 'attached' });
    expect(await count(S.view[0])).toBe(2); // the case on screen and a hidden cached one
    expect(await page.locator(`${S.view[0]}:visible`).count()).toBe(1);
    expect(await count(S.highlightItem)).toBe(6);
    expect(await count(`${S.highlightItem} ${S.highlightLabel('Case Number')}`)).toBe(2);
    expect(await count(S.subject[0])).toBe(2);
    expect(await count(S.lookup('Contact Name'))).toBe(2);
    expect(await count(S.lookup('Account Name'))).toBe(2);
    expect(await count(S.contactEmail[0])).toBe(2);
    // Feed posts live in a native open shadow root: Playwright's CSS pierces it, document.querySelectorAll does not.
    expect(await count(S.post)).toBe(5);
    expect(await count(S.comment)).toBe(1);
    expect(await count(`${S.post} ${S.postBody}`)).toBe(6); // 5 posts + the reply nested in one
    expect(await page.evaluate((sel) => document.querySelectorAll(sel).length, S.post)).toBe(0);
    expect(await count('button[title="Share an update..."]')).toBe(2);
    expect(await count(S.postEditor[0])).toBe(0);
    await openPost(page);
    await expect(page.locator(S.postEditor[0])).toHaveClass(/ql-blank/);
    expect(await count(S.share[0])).toBe(1);
    expect(await count(S.emailOuterFrame[0])).toBe(0);
    await openEmail(page);
    expect(await count(S.emailOuterFrame[0])).toBe(1);
    expect(await count(S.emailComposer[0])).toBe(2);
    const outer = page.frameLocator(S.emailOuterFrame[0]);
    expect(await outer.locator(S.emailInnerFrame[0]).count()).toBe(1);
    // CKEditor chrome in the outer frame: the "Font Name" combo, whose list opens in a .cke_panel_frame.
    expect(await outer.locator('[title="Font Name"]').count()).toBe(1);
    await outer.locator('[title="Font Name"]').click();
    await expect(outer.locator('.cke_panel_frame')).toHaveCount(1);
    await page.keyboard.press('Escape');
    expect(await outer.frameLocator(S.emailInnerFrame[0]).locator(S.emailBody[0]).count()).toBe(1);
    expect(await page.locator(`${S.emailComposer[0]} ${S.emailSendLabel}`, { hasText: /^Send$/ }).count()).toBe(1);
    expect(outside).toEqual([]);
  });

  test('post composer (Quill): docks beside it, reads the case, inserts with undo, Share records an internal note', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CASE_A}`);
    await openPost(page);
    const editor = page.locator(`${S.view[0]}:visible ${S.postEditor[0]}`);
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Charged twice for the March invoice');
    await expect(panel.dialog).toContainText('From Elena Novak');
    // The latest customer email (first in the feed), read through the feed's shadow root.
    await expect(panel.dialog).toContainText('two identical payments');
    await expect(panel.why).toContainText('note-escalate-billing');
    expect(text).toMatch(/^Escalating to Billing/);
    const box = (await editor.boundingBox())!;
    expect((await panel.dialog.boundingBox())!.x).toBeGreaterThanOrEqual(box.x + box.width);

    await panel.button('Insert').click();
    await expect.poll(() => quillText(page)).toContain('Escalating to Billing');
    expect((await quillText(page)).replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    await editor.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await quillText(page)).trim()).toBe('');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => quillText(page)).toContain('Escalating to Billing');

    await page.locator(S.share[0]).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'salesforce', workflow: 'internal-note', outcome: 'accepted', trigger: 'button', site: HOST });
    expect(events.find((e) => e.type === 'task.opened')!.recordRef).toBe(submitted.recordRef);
    await expect(visibleFeed(page).first()).toContainText('Escalating to Billing');
  });

  test('email composer (CKEditor 4, two frames deep): docks beside it, inserts through CKEditor with undo, Send records a ticket reply', async ({ page, demoHttpsUrl, ext }) => {
    const outside = watchRequests(page);
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CASE_A}`);
    await openEmail(page);
    await emailBody(page).click();
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Charged twice for the March invoice');
    await expect(panel.dialog).toContainText('From Elena Novak');
    await expect(panel.why).toContainText('refund-double-charge');
    expect(text).toMatch(/^Hi Elena,/);
    // The editor is the body inside both frames: its box is in page coordinates, frame offsets added.
    const box = (await emailBody(page).boundingBox())!;
    expect((await panel.dialog.boundingBox())!.x).toBeGreaterThanOrEqual(box.x + box.width);

    await panel.button('Insert').click();
    await expect.poll(() => ckData(page)).toContain('Hi Elena,');
    // CKEditor's own data holds every paragraph of the suggestion.
    const data = await ckData(page);
    for (const para of text.split(/\n{2,}/)) expect(data).toContain(para.split('\n')[0].replace(/&/g, '&amp;').slice(0, 40));
    await emailBody(page).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => ckData(page)).not.toContain('Hi Elena,');
    await page.keyboard.press('Control+y');
    await expect.poll(() => ckData(page)).toContain('Hi Elena,');

    await page.locator(`${S.emailComposer[0]}:visible ${S.emailSendLabel}`, { hasText: /^Send$/ }).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'salesforce', workflow: 'ticket-reply', outcome: 'accepted', trigger: 'button', site: HOST });
    await expect(visibleFeed(page).first()).toContainText('Hi Elena,');
    await expect.poll(() => ckData(page)).toBe('');
    expect(outside).toEqual([]);
  });

  test('email composer: a Ctrl+Enter right after focusing the framed body is recorded (focus entering the frames attaches at once)', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CASE_A}`);
    await panelOf(page).host.waitFor({ state: 'attached' }); // AxTrace has started
    // Once per case (each opens its own composer frames), as a race against the page watcher's
    // 0.7 s tick is lost only some of the time when the fix is missing.
    const replies = [
      { path: CASE_A, text: 'Hi Elena, the refund is on its way.' },
      { path: CASE_B, text: 'Hi Marco, your account is unlocked.' },
    ];
    for (const [i, { path, text }] of replies.entries()) {
      if (i > 0) {
        await page.locator('.recent a', { hasText: '00027355' }).click();
        await expect(page).toHaveURL(new RegExp(`${path}$`));
      }
      await page.locator('.windowViewMode-normal:not(.hidden) lightning-tab-bar a[role="tab"]', { hasText: 'Email' }).click();
      // No waiting for AxTrace: the moment CKEditor is ready (checked every frame) it focuses its
      // body, and the reply is typed and sent at once.
      await page.waitForFunction(() => {
        const editor = (window as unknown as Win).sfCk();
        if (editor?.status !== 'ready') return false;
        editor.focus();
        return true;
      });
      await page.keyboard.insertText(text);
      await page.keyboard.press('Control+Enter');
      await expect(visibleFeed(page).first()).toContainText(text); // the fixture sent it
      const events = await ext.waitFor('task.submitted', i + 1);
      const opened = events.filter((e) => e.type === 'task.opened')[i];
      expect(events.filter((e) => e.type === 'task.submitted')[i]).toMatchObject({
        taskId: opened.taskId, adapter: 'salesforce', workflow: 'ticket-reply', outcome: 'unassisted', trigger: 'shortcut', site: HOST,
      });
    }
  });

  test('email composer: after a send, the cleared composer opens the next task when the next reply is typed, not before', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CASE_A}`);
    await openEmail(page);
    await emailBody(page).click();
    await page.keyboard.type('Hi Elena, the refund is on its way.');
    await page.keyboard.press('Control+Enter');
    await ext.waitFor('task.submitted');
    await expect.poll(() => ckData(page)).toBe('');
    // The cleared composer is re-rendered and focused again; the page watcher finds it within a
    // scan (0.7 s). Two scans later, still one task.
    await page.waitForTimeout(1500);
    expect((await ext.events()).filter((e) => e.type === 'task.opened')).toHaveLength(1);
    await expect(emailBody(page)).toBeFocused();
    await page.keyboard.type('PS: it takes 3 to 5 days.');
    await expect.poll(async () => (await ext.events()).filter((e) => e.type === 'task.opened').length).toBe(2);
    await page.keyboard.press('Control+Enter');
    const events = await ext.waitFor('task.submitted', 2);
    const [first, second] = events.filter((e) => e.type === 'task.opened');
    expect(second.recordRef).toBe(first.recordRef);
    expect(events.filter((e) => e.type === 'task.submitted')[1]).toMatchObject({ taskId: second.taskId, workflow: 'ticket-reply', outcome: 'unassisted', trigger: 'shortcut' });
    expect(events.filter((e) => e.type === 'task.abandoned')).toEqual([]);
  });

  test('switching Post to Email, and navigating to another case, start tasks with the right workflow and record', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CASE_A}`);
    await openPost(page);
    await expect(panelOf(page).launcher).toBeVisible();
    await page.locator(S.postEditor[0]).click();
    await page.keyboard.type('Looking into the duplicate charge.');
    await openEmail(page);
    // The page watcher finds the new editor within a scan (0.7 s): the launcher docks beside it.
    const frame = (await page.locator(S.emailOuterFrame[0]).boundingBox())!;
    await expect.poll(async () => (await panelOf(page).launcher.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(frame.y);
    await emailBody(page).click();
    await page.keyboard.type('Hi Elena, the refund is on its way.');
    await page.keyboard.press('Control+Enter');
    let events = await ext.waitFor('task.submitted');
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ adapter: 'salesforce', workflow: 'ticket-reply', outcome: 'unassisted', trigger: 'shortcut', site: HOST });
    // Sending cleared the composer, which CKEditor does by rewriting its frame under the caret; the
    // page watcher re-attaches the new body within a scan (0.7 s). That is no new task: two scans
    // pass before navigating, and no third task may open (the list of openings is checked below).
    await page.waitForTimeout(1500);

    await page.locator('.recent a', { hasText: '00027355' }).click();
    await expect(page).toHaveURL(new RegExp(`${CASE_B}$`));
    expect(await page.locator(`${S.view[0]}:visible`).count()).toBe(1);
    await openPost(page);
    await page.locator(`${S.view[0]}:visible ${S.postEditor[0]}`).click();
    await page.keyboard.type('Unlocked the account after a call with Marco.');
    await page.keyboard.press('Control+Enter');
    events = await ext.waitFor('task.submitted', 2);
    const opened = events.filter((e) => e.type === 'task.opened');
    expect(opened.map((e) => e.workflow)).toEqual(['internal-note', 'ticket-reply', 'internal-note']);
    expect(opened[0].recordRef).toBe(opened[1].recordRef);
    expect(opened[2].recordRef).not.toBe(opened[0].recordRef);
    expect(events.filter((e) => e.type === 'task.abandoned').map((e) => e.taskId)).toEqual([opened[0].taskId]);
    const second = events.filter((e) => e.type === 'task.submitted')[1];
    expect(second).toMatchObject({ taskId: opened[2].taskId, adapter: 'salesforce', workflow: 'internal-note', outcome: 'unassisted', trigger: 'shortcut', site: HOST });
  });
});
