import { test, expect } from './fixtures';
import { panelOf, getSuggestion } from './panel';
import { measureRetention } from '../../lib/log/outcome';

const reply = (page: import('@playwright/test').Page) => page.getByRole('textbox', { name: 'Reply to customer' });

test.describe('assist loop on the demo ticket page', () => {
  test('panel docks beside the reply box, shows a suggestion with its why, and an edited send is recorded as edited', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    const panel = panelOf(page);
    await expect(panel.launcher).toBeVisible();

    const text = await getSuggestion(page);
    expect(text).toMatch(/^Hi Maria,/);
    expect(text).toContain('refund');
    await expect(panel.why).toContainText('Playbook');
    await expect(panel.why).toContainText('minisearch-bm25');
    await expect(panel.why).toContainText('prompt playbook:refund-double-charge v1');
    await expect(panel.why).toContainText('requester.name');

    // Docked next to the editor, not over it.
    const editorBox = (await reply(page).boundingBox())!;
    const panelBox = (await panel.dialog.boundingBox())!;
    expect(panelBox.x).toBeGreaterThanOrEqual(editorBox.x + editorBox.width);

    await panel.button('Insert').click();
    await expect(reply(page)).toHaveValue(text);
    await expect(panel.status).toContainText('Inserted — recorded');

    // The agent rewrites the closing paragraph before sending.
    const edited = text.replace(/You do not need to do anything else\.[\s\S]*$/, 'Thanks for your patience, Maria.');
    await reply(page).fill(edited);
    await page.getByRole('button', { name: 'Send reply' }).click();

    const events = await ext.waitFor('task.submitted');
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['task.opened', 'panel.opened', 'suggestion.requested', 'suggestion.shown', 'suggestion.inserted', 'task.submitted']));
    const shown = events.find((e) => e.type === 'suggestion.shown')!;
    const inserted = events.find((e) => e.type === 'suggestion.inserted')!;
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(inserted.suggestionId).toBe(shown.suggestionId);
    expect(inserted.mode).toBe('insert');
    expect(shown.provider).toBe('playbook');
    expect(shown.promptId).toBe('playbook:refund-double-charge');
    expect(shown).not.toHaveProperty('text'); // metadata capture by default
    expect(submitted.outcome).toBe('edited');
    const expected = measureRetention(text, edited);
    expect(submitted.retention).toBeCloseTo(expected.retention, 5);
    expect(submitted.wordRetention).toBeCloseTo(expected.wordRetention, 5);
    expect(submitted.similarity).toBeCloseTo(expected.similarity, 5);
    expect(submitted.insertedSuggestionIds).toEqual([shown.suggestionId]);
    expect(new Set(events.filter((e) => e.taskId).map((e) => e.taskId)).size).toBe(1);
    await expect(panel.status).toContainText('recorded as edited suggestion');
  });

  test('a suggestion sent as it is is recorded as accepted', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1043`);
    const text = await getSuggestion(page);
    expect(text).toContain('reset');
    await panelOf(page).button('Insert').click();
    await page.getByRole('button', { name: 'Send reply' }).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted.outcome).toBe('accepted');
    expect(submitted.retention).toBe(1);
    expect(submitted.aiShare).toBe(1);
  });

  test('dismissed with a reason, then written by hand, is recorded as fallback', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    await getSuggestion(page);
    const panel = panelOf(page);
    await panel.button('Dismiss').click();
    await panel.button('Too long').click();
    await expect(panel.status).toContainText('Dismissed — recorded');
    await reply(page).fill('Hello Maria, the duplicate charge is refunded. Sorry for the trouble!');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const events = await ext.waitFor('task.submitted');
    expect(events.find((e) => e.type === 'suggestion.dismissed')!.reason).toBe('too_long');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted.outcome).toBe('fallback');
    expect(submitted.retention).toBeNull();
    expect(submitted.insertedSuggestionIds).toEqual([]);
  });

  test('a reply written without opening the panel is recorded as unassisted', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1044`);
    await expect(panelOf(page).launcher).toBeVisible(); // AxTrace starts once the page has loaded
    await reply(page).click();
    await page.keyboard.type('Thanks for waiting, your export is on its way.');
    await reply(page).press('Control+Enter'); // the shortcut counts as a send in the generic adapter
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted.outcome).toBe('unassisted');
    expect(submitted.trigger).toBe('shortcut');
    expect(events.some((e) => e.type === 'panel.opened')).toBe(false);
  });

  test('a reply box the person was already in when AxTrace started opens the task as they type', async ({ page, demoUrl, ext }) => {
    // Focused as the page loads, before the assist script (which starts after the load) attaches to it.
    await page.addInitScript(() => window.addEventListener('load', () => document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Reply to customer"]')?.focus()));
    await page.goto(`${demoUrl}/helpdesk/tickets/1044`);
    await expect(panelOf(page).launcher).toBeVisible();
    await expect(reply(page)).toBeFocused();
    await page.keyboard.type('Thanks for waiting, your export is on its way.');
    // Opened while they write, not only once they send.
    const events = await ext.waitFor('task.opened');
    expect(events.find((e) => e.type === 'task.opened')).toMatchObject({ workflow: 'reply' });
    expect(events.some((e) => e.type === 'task.submitted')).toBe(false);
  });

  test('works by keyboard alone: shortcut opens, Enter suggests and inserts, Esc closes back to the editor', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1043`);
    const panel = panelOf(page);
    await expect(panel.launcher).toBeVisible(); // AxTrace starts once the page has loaded
    await reply(page).focus();
    await page.keyboard.press('Alt+Shift+A');
    await expect(panel.dialog).toBeVisible();
    await expect(panel.suggest).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel.button('Insert')).toBeFocused();
    const text = (await panel.suggestion.innerText()).trim();
    await page.keyboard.press('Enter');
    await expect(reply(page)).toHaveValue(text);
    await panel.dialog.press('Escape');
    await expect(panel.dialog).toBeHidden();
    await expect(reply(page)).toBeFocused();
    const events = await ext.waitFor('panel.closed');
    expect(events.find((e) => e.type === 'panel.opened')!.trigger).toBe('shortcut');
  });

  test('on a page whose policy allows no script of its own, as real apps send strict ones, the panel loads with its styles, suggests and inserts', async ({ page, demoUrl }) => {
    const response = await page.goto(`${demoUrl}/strict-csp`);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'none'");
    const text = await getSuggestion(page);
    expect(text.length).toBeGreaterThan(0);
    const panel = panelOf(page);
    // Its styles came with it (the page's policy allows no style of its own inline): a fixed panel 360 px wide.
    expect(await panel.dialog.evaluate((el) => [getComputedStyle(el).position, getComputedStyle(el).width])).toEqual(['fixed', '360px']);
    await panel.button('Insert').click();
    await expect(reply(page)).toHaveValue(text);
    await expect(panel.status).toContainText('Inserted — recorded');
  });

  test('moving to another ticket in the SPA ends the task and starts a new one on the new record', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    await getSuggestion(page);
    await page.getByRole('link', { name: /1043/ }).first().click();
    await expect(page).toHaveURL(/1043$/);
    const panel = panelOf(page);
    await expect(panel.launcher).toBeVisible();
    const events = await ext.waitFor('task.abandoned');
    await reply(page).click();
    await reply(page).fill('Quick manual answer');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const all = await ext.waitFor('task.submitted');
    const opened = all.filter((e) => e.type === 'task.opened');
    expect(opened.length).toBe(2);
    expect(opened[0].taskId).not.toBe(opened[1].taskId);
    expect(opened[0].recordRef).not.toBe(opened[1].recordRef);
    expect(events.find((e) => e.type === 'task.abandoned')!.taskId).toBe(opened[0].taskId);
    expect(all.find((e) => e.type === 'task.submitted')!.taskId).toBe(opened[1].taskId);
  });
});
