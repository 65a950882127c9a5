// Page-load overhead of the content script on a heavy, constantly mutating page (DESIGN.md budgets):
// alternating runs with and without the extension, medians of load time, idle CPU and JS heap.
import { median, round } from './stats.mjs';

async function measureOnce(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__heavyReady !== undefined);
  const loadMs = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return Math.max(nav.loadEventEnd, window.__heavyReady);
  });
  await page.waitForTimeout(1500); // let the content script find the editor and mount its launcher
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
  const t0 = await metric('TaskDuration');
  const start = Date.now();
  await page.waitForTimeout(3000);
  const busy = (await metric('TaskDuration')) - t0;
  const cpuShare = busy / ((Date.now() - start) / 1000);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await metric('JSHeapUsedSize');
  await page.close();
  return { loadMs, cpuShare, heap };
}

export async function pageOverhead({ withExt, without, url, runs = 9 }) {
  const samples = { with: [], without: [] };
  for (let i = 0; i < runs; i++) {
    samples.with.push(await measureOnce(withExt, url));
    samples.without.push(await measureOnce(without, url));
  }
  const med = (arr, key) => median(arr.map((s) => s[key]));
  const withLoad = med(samples.with, 'loadMs');
  const withoutLoad = med(samples.without, 'loadMs');
  const withCpu = med(samples.with, 'cpuShare');
  const withoutCpu = med(samples.without, 'cpuShare');
  const heapAddedMb = (med(samples.with, 'heap') - med(samples.without, 'heap')) / 1024 / 1024;
  return {
    runs,
    loadMs: { with: round(withLoad), without: round(withoutLoad), ratio: round(withLoad / withoutLoad, 3), budget: '≤ 1.1' },
    idleCpu: { with: round(withCpu, 4), without: round(withoutCpu, 4), ratio: round(withCpu / withoutCpu, 3), budget: '≤ 1.02' },
    jsHeapAddedMb: { value: round(heapAddedMb, 2), budget: '≤ 1.5', note: "the content script's isolated world shares the page's V8 heap, so JSHeapUsedSize includes it" },
  };
}
