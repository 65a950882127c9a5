import type { Page } from '@playwright/test';
import { test, expect, mapHostToHttpsLoopback, siteHttpsUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { HUBSPOT_SELECTORS as S } from '../../../lib/adapters/hubspot';

// app.hubspot.com is HTTPS only: mapped to loopback and served by the fixture server's HTTPS listener.
const HOST = 'app.hubspot.com';
const CONTACT = '/contacts/2094412/record/0-1/1501';
const TICKET = '/contacts/2094412/record/0-5/8807';
test.use({ browserArgs: mapHostToHttpsLoopback(HOST) });

type PmWindow = { hubspotView(): { state: { doc: { textBetween(a: number, b: number, sep: string): string; content: { size: number } } } } | null };
const pmText = (page: Page) =>
  page.evaluate(() => {
    const v = (window as unknown as PmWindow).hubspotView();
    return v ? v.state.doc.textBetween(0, v.state.doc.content.size, '\n') : '';
  });

async function openComposer(page: Page, kind: 'Email' | 'Note') {
  await page.locator(`[data-test-id="middle-pane"] button`, { hasText: new RegExp(`^${kind}$`) }).click();
  await expect(page.locator(S.editor[0])).toHaveAttribute('aria-label', `${kind} body`);
}

test.describe('HubSpot record adapter', () => {
  test('selectors match the fixture as expected', async ({ page, demoHttpsUrl }) => {
    const outside: string[] = [];
    page.on('request', (r) => { if (/^https?:/.test(r.url()) && new URL(r.url()).hostname !== HOST) outside.push(r.url()); });
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CONTACT}`);
    const count = (selector: string) => page.locator(selector).count();
    await page.locator(S.highlightTitle[0]).waitFor();
    expect(await count(S.highlightCard[0])).toBe(1);
    expect(await count(S.highlightTitle[0])).toBe(1);
    expect(await count(`${S.highlightDetails[0]} ${S.highlightDetailLine}`)).toBe(2);
    expect(await count(S.leftSidebar[0])).toBe(1);
    expect(await count(S.middlePane[0])).toBe(1);
    expect(await count(S.rightSidebar[0])).toBe(1);
    expect(await count(S.company[0])).toBe(1);
    expect(await count(`${S.propertySidebar[0]} ${S.property}`)).toBe(3);
    expect(await count(S.timeline[0])).toBe(1);
    expect(await count(`${S.timeline[0]} ${S.timelineItem}`)).toBe(3);
    expect(await count(`${S.timelineItem} ${S.timelineSender[0]}`)).toBe(2);
    expect(await count(`${S.timelineItem} ${S.timelineBody[0]}`)).toBe(3);
    expect(await count(S.ticketSubject[0])).toBe(0);
    expect(await count(S.editor[0])).toBe(0);
    await openComposer(page, 'Email');
    expect(await count(S.composer[0])).toBe(1);
    expect(await count(S.editor[0])).toBe(1);
    expect(await count(`${S.composer[0]} ${S.emailSubject[0]}`)).toBe(1);
    expect(await count(`${S.composer[0]} ${S.save[0]}`)).toBe(1);
    await openComposer(page, 'Note');
    expect(await count(S.editor[0])).toBe(1);
    expect(await count(`${S.composer[0]} ${S.emailSubject[0]}`)).toBe(0);
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${TICKET}`);
    await page.locator(S.highlightTitle[0]).waitFor();
    expect(await count(S.ticketSubject[0])).toBe(1);
    expect(await count(S.ticketContact[0])).toBe(1);
    expect(outside).toEqual([]);
  });

  test('email on a contact: docks beside the editor, reads the record, inserts with undo, Send records a CRM email', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CONTACT}`);
    await openComposer(page, 'Email');
    const editor = page.locator(S.editor[0]);
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('From Jonas Berg');
    // The latest incoming email, first in the timeline.
    await expect(panel.dialog).toContainText('quote for 40 seats');
    await expect(panel.why).toContainText('pricing-quote');
    expect(text).toMatch(/^Hi Jonas,/);
    const box = (await editor.boundingBox())!;
    expect((await panel.dialog.boundingBox())!.x).toBeGreaterThanOrEqual(box.x + box.width);

    await panel.button('Insert').click();
    await expect.poll(() => pmText(page)).toContain('Hi Jonas,');
    expect((await pmText(page)).replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    await editor.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => pmText(page)).toBe('');
    await page.keyboard.press('Control+y');
    await expect.poll(() => pmText(page)).toContain('Hi Jonas,');

    await page.locator(`${S.composer[0]} ${S.emailSubject[0]}`).fill('Your quote for 40 seats');
    await page.locator(`${S.composer[0]} ${S.save[0]}`).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'hubspot', workflow: 'crm-email', outcome: 'accepted', trigger: 'button', site: HOST });
    expect(events.find((e) => e.type === 'task.opened')!.recordRef).toBe(submitted.recordRef);
    await expect(page.locator(`${S.timeline[0]} ${S.timelineItem}`).first()).toContainText('Hi Jonas,');
  });

  test('switching Email to Note, and going to the associated ticket, start tasks with the right workflow and record', async ({ page, demoHttpsUrl, ext }) => {
    await page.goto(`${siteHttpsUrl(demoHttpsUrl, HOST)}${CONTACT}`);
    await openComposer(page, 'Email');
    await expect(panelOf(page).launcher).toBeVisible();
    await page.locator(S.editor[0]).click();
    await page.keyboard.type('Quick question about your seat count.');
    await openComposer(page, 'Note');
    await page.locator(S.editor[0]).click();
    await page.keyboard.type('Asked for pricing on 40 seats; quote to follow.');
    await page.locator(`${S.composer[0]} ${S.save[0]}`).click();
    let events = await ext.waitFor('task.submitted');
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ adapter: 'hubspot', workflow: 'crm-note', outcome: 'unassisted', trigger: 'button', site: HOST });

    await page.locator(`${S.rightSidebar[0]} a`, { hasText: 'Dashboard export fails with an error' }).click();
    await expect(page).toHaveURL(new RegExp(`${TICKET}$`));
    await openComposer(page, 'Email');
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Dashboard export fails with an error');
    await expect(panel.dialog).toContainText('From Jonas Berg');
    expect(text).toMatch(/^Hi Jonas,/);
    await panel.button('Insert').click();
    await expect.poll(() => pmText(page)).toContain('Hi Jonas,');
    await page.locator(`${S.composer[0]} ${S.save[0]}`).click();
    events = await ext.waitFor('task.submitted', 2);
    const opened = events.filter((e) => e.type === 'task.opened');
    expect(opened.map((e) => e.workflow)).toEqual(['crm-email', 'crm-note', 'crm-email']);
    expect(opened[0].recordRef).toBe(opened[1].recordRef);
    expect(opened[2].recordRef).not.toBe(opened[0].recordRef);
    expect(events.filter((e) => e.type === 'task.abandoned').map((e) => e.taskId)).toEqual([opened[0].taskId]);
    const second = events.filter((e) => e.type === 'task.submitted')[1];
    expect(second).toMatchObject({ taskId: opened[2].taskId, adapter: 'hubspot', workflow: 'crm-email', outcome: 'accepted', trigger: 'button', site: HOST });
  });
});
