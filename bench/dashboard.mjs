import { generateLog } from './generate-log.mjs';

// Dashboard speed on generated, realistic logs (10k and 100k events by default; BENCH_SIZES=10000,100000,1000000
// adds 1M, whose generation takes about a minute): time to the first
// figures on opening the dashboard, and to new figures after a filter change, in real Chromium.
// Events are generated in the service worker and written with their task rollups, as the
// recorder would leave them (the chain is not what is measured here).
export async function dashboardSpeed(context, serviceWorker, extensionId, sizes = [10_000, 100_000, 1_000_000]) {
  const out = [];
  for (const events of sizes) {
    const generated = await serviceWorker.evaluate(generateLog, events);
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
    await page.waitForFunction(() => document.querySelector('[data-testid="timing"]')?.textContent?.includes('computed'), null, { timeout: 120_000 });
    const firstFiguresMs = Date.now() - t0;
    const breakdown = await page.evaluate(() => document.querySelector('[data-testid="timing"]').textContent);
    // A filter change is measured on a settled page (the charts, loaded after the figures, drawn;
    // the main thread idle), as a person would change it: three people in turn, the median.
    await page.waitForFunction(() => document.querySelector('figure[aria-label="Trends"] svg'), null, { timeout: 120_000 });
    await page.evaluate(() => new Promise((r) => requestIdleCallback(r, { timeout: 2000 })));
    const changes = [];
    for (const option of [1, 2, 3]) changes.push(Math.round(await page.evaluate(changeFilterAndWait, option)));
    const filterChangeMs = [...changes].sort((a, b) => a - b)[1];
    await page.close();
    out.push({ events, tasks: generated.tasks, cells: generated.cells, generateMs: generated.ms, firstFiguresMs, filterChangeMs, filterChanges: changes, breakdown });
    console.log(`  ${events.toLocaleString('en')} events: first figures ${firstFiguresMs} ms (${breakdown}), filter change ${filterChangeMs} ms (median of ${changes.join(', ')})`);
  }
  return out;
}

/** Runs in the dashboard page: picks a person in the filter and waits for the new figures. */
function changeFilterAndWait(option) {
  return new Promise((resolve) => {
    const timing = document.querySelector('[data-testid="timing"]');
    const before = timing.dataset.runs;
    const select = [...document.querySelectorAll('label')].find((l) => l.textContent.startsWith('Person')).querySelector('select');
    const observer = new MutationObserver(() => {
      if (timing.dataset.runs !== before) {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    });
    observer.observe(timing, { attributes: true });
    const t0 = performance.now();
    const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
    setter.call(select, select.options[option].value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
