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

test("events sent again with the same ids, as after an answer lost to a stopped worker, are stored once, in Chromium's IndexedDB", async ({ context, ext }) => {
  const worker = context.serviceWorkers()[0];
  const results = await worker.evaluate(async () => {
    type Log = { recordClientEvents(events: unknown[], site: string): Promise<{ id: string; seq: number; duplicate: boolean }[]> };
    const log = (await (globalThis as unknown as { __axtrace: { ready: Promise<Log> } }).__axtrace.ready) as Log;
    const taskId = '01J' + 'A'.repeat(23);
    let n = 0;
    const event = () => ({ id: `01J${String(n++).padStart(23, '0')}`, ts: Date.now(), tzOffsetMin: 0, type: 'panel.opened', taskId, workflow: 'reply', adapter: 'generic', recordId: '1', suggestionId: null, trigger: 'click' });
    const first = [event(), event()];
    const firstResults = await log.recordClientEvents(first, 'localhost');
    // The content script sends the same message again, with new events queued behind it.
    const again = await log.recordClientEvents([first[0], event(), first[1], event()], 'localhost');
    return { firstResults, again };
  });
  expect(results.again.map((r) => r.duplicate)).toEqual([true, false, true, false]);
  expect(results.again[0].seq).toBe(results.firstResults[0].seq);
  expect(results.again[2].seq).toBe(results.firstResults[1].seq);
  const stored = await ext.events();
  expect(stored.filter((e) => e.type === 'panel.opened')).toHaveLength(4);
  const verified = await ext.send<{ ok: boolean; result: { ok: boolean; events: number } }>({ type: 'chain.verify' });
  expect(verified.result).toMatchObject({ ok: true, events: stored.length });
});
