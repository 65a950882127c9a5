import { test, expect } from './fixtures';
import { panelOf, getSuggestion } from './panel';

test('a stopped service worker loses nothing: the decision is recorded after it restarts and the chain stays intact', async ({ page, demoUrl, ext, context }) => {
  await page.goto(`${demoUrl}/helpdesk/tickets/1043`);
  await getSuggestion(page);
  const before = await ext.events();
  const worker = context.serviceWorkers()[0];
  await worker.evaluate(() => ((globalThis as { __marker?: number }).__marker = 1));

  // Stop every service worker, as the browser does to an idle extension.
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');

  const panel = panelOf(page);
  await panel.button('Insert').click();
  await expect(panel.status).toContainText('Inserted — recorded');
  await page.getByRole('button', { name: 'Send reply' }).click();
  const after = await ext.waitFor('task.submitted');
  expect(after.find((e) => e.type === 'task.submitted')!.outcome).toBe('accepted');
  expect(after.length).toBe(before.length + 2);
  const seqs = after.map((e) => e.seq).sort((a, b) => a - b);
  expect(seqs).toEqual([...seqs.keys()]);
  // A new worker serves now: the old one's global state is gone.
  const current = context.serviceWorkers().at(-1)!;
  expect(await current.evaluate(() => (globalThis as { __marker?: number }).__marker ?? 'fresh')).toBe('fresh');
  const verified = await ext.send<{ ok: boolean; result: { ok: boolean; events: number } }>({ type: 'chain.verify' });
  expect(verified.result).toMatchObject({ ok: true, events: after.length });
});
