import { test, expect, mapHostToLoopback, siteUrl } from '../fixtures';
import { panelOf, getSuggestion } from '../panel';
import { FRESHDESK_SELECTORS as S } from '../../../lib/adapters/freshdesk';
import { normalizeText } from '../../../lib/log/text';

const HOST = 'northwind.freshdesk.com';
test.use({ browserArgs: mapHostToLoopback(HOST) });

type Page = import('@playwright/test').Page;
interface Froala {
  el: HTMLElement;
  undo: { canDo(): boolean; run(): void; redo(): void };
  events: { on(name: string, handler: (...args: unknown[]) => unknown, first?: boolean): void };
}
type FroalaWindow = { freshdeskEditor(): Froala | null; shortcutsSeen?: string[] };
const froalaText = (page: Page) => page.evaluate(() => (window as unknown as FroalaWindow).freshdeskEditor()?.el.innerText.trim() ?? '');
/** The editor's text before the caret, or null when the caret is not in the editor. */
const textBeforeCaret = (page: Page) =>
  page.evaluate(() => {
    const el = (window as unknown as FroalaWindow).freshdeskEditor()!.el;
    const sel = getSelection();
    if (!sel?.rangeCount || !sel.isCollapsed || !el.contains(sel.anchorNode)) return null;
    const range = document.createRange();
    range.setStart(el, 0);
    range.setEnd(sel.anchorNode!, sel.anchorOffset);
    return range.toString();
  });

test.describe('Freshdesk adapter', () => {
  test('selectors match the fixture; the Froala editor exists once Reply is clicked', async ({ page, demoUrl }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/a/tickets/2087`);
    await page.locator(S.subject[0]).waitFor();
    const count = (selector: string) => page.locator(selector).count();
    expect(await count(S.subject[0])).toBe(1);
    expect(await count(S.message[0])).toBe(1);
    expect(await count(S.requester[0])).toBe(1);
    expect(await count(S.status[0])).toBe(1);
    expect(await count(S.editor[0])).toBe(0);
    await page.getByRole('button', { name: 'Reply' }).click();
    await expect(page.locator(S.editor[0])).toHaveCount(1); // Froala initialises asynchronously
  });

  test('reads the ticket, inserts into Froala as one undo step, and Send records the outcome', async ({ page, demoUrl, ext }) => {
    await page.goto(`${siteUrl(demoUrl, HOST)}/a/tickets/2087`);
    await page.getByRole('button', { name: 'Reply' }).click();
    await page.locator(S.editor[0]).click();
    await page.keyboard.type('Hello Lucas.');
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    await expect(panel.dialog).toContainText('Where is my order? Delivery is late');
    await expect(panel.dialog).toContainText('From Lucas Moreau');
    expect(text).toMatch(/^Hi Lucas,/);
    await expect(panel.why).toContainText('shipping-delay');
    await expect(panel.dialog).toContainText('Reply to customer');
    // Docked beside the editor, not over it.
    const box = (await page.locator(S.editor[0]).boundingBox())!;
    expect((await panel.dialog.boundingBox())!.x).toBeGreaterThanOrEqual(box.x + box.width);
    await panel.button('Insert').click();
    await expect.poll(() => froalaText(page)).toContain('Hi Lucas,');
    expect((await froalaText(page)).replace(/\s+/g, ' ')).toBe(`Hello Lucas. ${text}`.replace(/\s+/g, ' '));
    // The caret is after the inserted text, where the person goes on typing.
    expect((await textBeforeCaret(page))?.replace(/\s+/g, '')).toBe(`Hello Lucas.${text}`.replace(/\s+/g, ''));

    // Ctrl+Z reaches the Froala instance the bridge inserted into, as its "undo" shortcut.
    await page.evaluate(() => {
      const w = window as unknown as FroalaWindow;
      w.shortcutsSeen = [];
      w.freshdeskEditor()!.events.on('shortcut', (_e, cmd) => void w.shortcutsSeen!.push(String(cmd)), true);
    });
    await page.keyboard.press('Control+z');
    expect(await page.evaluate(() => (window as unknown as FroalaWindow).shortcutsSeen)).toEqual(['undo']);
    // This npm copy of Froala has no licence key and the host is not a development one, so Froala
    // vetoes every command but bold/italic/underline (undo too, even of typed text) and shows its
    // licence popup instead; Freshdesk's licensed copy runs the command, which replays Froala's undo
    // stack. So the stack is checked: the insertion must be one step that gives back the person's
    // text, and redo must put it back with the caret after it.
    await expect(page.locator('.fr-popup.fr-active .fr-license')).toBeVisible();
    expect((await froalaText(page)).replace(/\s+/g, ' ')).toBe(`Hello Lucas. ${text}`.replace(/\s+/g, ' '));
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as unknown as FroalaWindow).freshdeskEditor()!.undo.canDo())).toBe(true);
    await page.evaluate(() => (window as unknown as FroalaWindow).freshdeskEditor()!.undo.run());
    expect(await froalaText(page)).toBe('Hello Lucas.');
    await page.evaluate(() => (window as unknown as FroalaWindow).freshdeskEditor()!.undo.redo());
    expect((await froalaText(page)).replace(/\s+/g, ' ')).toBe(`Hello Lucas. ${text}`.replace(/\s+/g, ' '));
    expect((await textBeforeCaret(page))?.replace(/\s+/g, '')).toBe(`Hello Lucas.${text}`.replace(/\s+/g, ''));

    const sent = normalizeText(await froalaText(page));
    await page.locator(S.send[0]).click();
    const events = await ext.waitFor('task.submitted');
    const submitted = events.find((e) => e.type === 'task.submitted')!;
    expect(submitted).toMatchObject({ adapter: 'freshdesk', workflow: 'ticket-reply', outcome: 'accepted', trigger: 'button', site: HOST });
    // The reply read is the editor's text: the person's words and the suggestion, without the
    // unlicensed copy's "Powered by Froala" line.
    expect(submitted.finalChars).toBe(normalizeText(`Hello Lucas. ${text}`).length);
    expect(submitted.aiShare).toBeCloseTo(normalizeText(text).length / sent.length, 2);
  });
});
