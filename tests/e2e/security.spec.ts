import { test, expect } from './fixtures';
import { panelOf, getSuggestion } from './panel';

test.describe('page content is untrusted', () => {
  test('markup in a ticket is shown as text and nothing executes', async ({ page, demoUrl }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/666`);
    const text = await getSuggestion(page);
    const panel = panelOf(page);
    // The subject and latest message appear in the panel as literal text.
    await expect(panel.dialog).toContainText('<img src=x onerror=');
    expect(await panel.host.locator('img').count()).toBe(0);
    expect(await panel.host.locator('script').count()).toBe(0);
    expect(text.length).toBeGreaterThan(0);
    await panel.button('Insert').click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __axtracePwned?: unknown }).__axtracePwned)).toBeUndefined();
  });

  test('script-made clicks, forged events and messages produce no decision', async ({ page, demoUrl, ext }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    await getSuggestion(page);
    const panel = panelOf(page);

    // A hostile page clicks the panel's own buttons, forges the shortcut, messages and a submit.
    await page.evaluate(() => {
      const root = document.querySelector('axtrace-panel')!.shadowRoot!;
      for (const b of root.querySelectorAll('button')) (b as HTMLButtonElement).click();
      for (const b of root.querySelectorAll('button')) b.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'A', code: 'KeyA', altKey: true, shiftKey: true, bubbles: true }));
      window.postMessage({ type: 'events.record', events: [] }, '*');
      window.postMessage({ type: 'panel.toggle' }, '*');
      const form = document.querySelector('form')!;
      const textarea = form.querySelector('textarea')!;
      textarea.value = 'forged reply';
      form.requestSubmit();
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    await page.waitForTimeout(800);

    await expect(panel.dialog).toBeVisible(); // not closed by the forged clicks or shortcut
    await expect(panel.suggestion).toBeVisible(); // not dismissed or replaced
    const events = await ext.events();
    const decided = events.filter((e) => ['suggestion.inserted', 'suggestion.dismissed', 'suggestion.rated', 'task.submitted', 'panel.closed'].includes(e.type));
    expect(decided).toEqual([]);
    expect(events.filter((e) => e.type === 'suggestion.requested')).toHaveLength(1); // no forged regenerate
  });

  test('the assist script runs in the content script\'s world: the page sees none of it and cannot fetch it by the extension id', async ({ page, demoUrl, extensionId }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    await getSuggestion(page); // the assist script was imported and started
    const seen = await page.evaluate(async (id) => {
      const start = Symbol.for('axtrace.startAssist') in globalThis;
      const scripts = [...document.scripts].filter((s) => s.src.includes('assist')).length;
      // Web-accessible only at a per-session URL (use_dynamic_url), so its static URL tells a page nothing.
      const fetched = await fetch(`chrome-extension://${id}/assist.js`).then((r) => `status ${r.status}`, () => 'refused');
      return { start, scripts, fetched };
    }, extensionId);
    expect(seen).toEqual({ start: false, scripts: 0, fetched: 'refused' });
  });

  test('the background refuses messages from web pages and malformed messages', async ({ page, demoUrl, ext, extensionId }) => {
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    // Without externally_connectable, a page cannot even reach the extension.
    const fromPage = await page.evaluate((id) => {
      const c = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      return typeof c?.runtime?.sendMessage === 'function' ? `reachable:${id}` : 'unreachable';
    }, extensionId);
    expect(fromPage).toBe('unreachable');
    const malformed = await ext.send<{ ok: boolean; error: string }>({ type: 'events.record', events: [{ type: 'suggestion.inserted' }] });
    expect(malformed.ok).toBe(false);
    const unknown = await ext.send<{ ok: boolean }>({ type: 'nope' });
    expect(unknown.ok).toBe(false);
  });
});

test('the chain verifies, and changing any stored event makes verification fail at that event', async ({ page, demoUrl, ext }) => {
  await page.goto(`${demoUrl}/helpdesk/tickets/1043`);
  await getSuggestion(page);
  await panelOf(page).button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  const events = await ext.waitFor('task.submitted');

  await ext.page.bringToFront();
  await ext.page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(ext.page.getByTestId('chain-result')).toHaveText(`Intact: ${events.length} events checked.`);

  // Tamper with the stored suggestion.inserted event directly in IndexedDB, in its live page.
  const target = events.find((e) => e.type === 'suggestion.inserted')!;
  await ext.page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('axtrace');
        open.onsuccess = () => {
          const tx = open.result.transaction(['eventPages', 'pageLines'], 'readwrite');
          const bodies = tx.objectStore('pageLines');
          const head = tx.objectStore('eventPages').index('ids').get(id);
          head.onsuccess = () => {
            const body = bodies.get(head.result.key);
            body.onsuccess = () => {
              const lines = body.result.lines.split('\n');
              const at = head.result.ids.indexOf(id);
              lines[at] = JSON.stringify({ ...JSON.parse(lines[at]), mode: 'copy' });
              bodies.put({ ...body.result, lines: lines.join('\n') });
            };
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    target.id,
  );
  await ext.page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(ext.page.getByTestId('chain-result')).toContainText(`Broken: event ${target.id} (seq ${target.seq}) was changed after it was recorded`);
});
