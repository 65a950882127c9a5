import { test, expect, mapHostToLoopback, siteUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { SERVICENOW_SELECTORS as S } from '../../../lib/adapters/servicenow';

const HOST = 'northwind.service-now.com';
test.use({ browserArgs: mapHostToLoopback(HOST) });
const SYS_ID = '9d385017c611228701d22104cc95c371';
const NAV = `/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${SYS_ID}`;

test.describe('ServiceNow incident adapter (classic form in the Next Experience shell)', () => {
  test('finds the form through the shell shadow root and gsft_main, with the expected selector matches', async ({ page, demoUrl }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}${NAV}`);
    const form = page.frameLocator('[component-id] >> iframe#gsft_main');
    await form.locator(S.shortDescription[0]).waitFor();
    expect(await page.locator(S.shell).count()).toBe(1);
    expect(await form.locator(S.singleJournal[0]).count()).toBe(1);
    expect(await form.locator(S.entry[0]).count()).toBe(1);
    expect(await form.locator(S.save[0]).count()).toBe(1);
    expect(await form.locator(S.caller[0]).count()).toBe(1);
  });

  test('docks beside the journal inside the frame, inserts, and Update records the outcome; work notes are internal notes', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}${NAV}`);
    const form = page.frameLocator('[component-id] >> iframe#gsft_main');
    const journal = form.locator('#activity-stream-textarea');
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Cannot log in after too many attempts');
    await expect(panel.dialog).toContainText('From Aiko Tanaka');
    expect(text).toMatch(/^Hi Aiko,/);
    await expect(panel.why).toContainText('account-locked');
    const box = (await journal.boundingBox())!;
    expect((await panel.dialog.boundingBox())!.x).toBeGreaterThanOrEqual(box.x + box.width);

    await panel.button('Insert').click();
    await expect(journal).toHaveValue(text);
    await form.locator('#sysverb_update').click();
    let events = await ext.waitFor('task.submitted');
    expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ adapter: 'servicenow', workflow: 'ticket-reply', outcome: 'accepted', trigger: 'button', site: HOST });

    await form.locator('#work-notes-toggle').check();
    await journal.click();
    await page.keyboard.type('Unlocked the account after verifying identity by phone.');
    await form.locator('#sysverb_update').click();
    events = await ext.waitFor('task.submitted', 2);
    const notes = events.filter((e) => e.type === 'task.submitted')[1];
    expect(notes).toMatchObject({ adapter: 'servicenow', workflow: 'internal-note', outcome: 'unassisted' });
  });
});
