// Export speed and memory in real Chromium: a generated, realistic log of N events is seeded into
// the extension's IndexedDB (bench/generate-log.mjs; about a minute at 1M; the timed run waits for the browser to settle), then the options
// page's own Export button writes it as CSV to the OPFS file. Timed by the page (click → file
// finished on disk); the page's JS heap (over the DevTools protocol) and the resident memory of the
// extension's renderer process (page and export workers) are sampled during the export, so the
// peaks at 100k and at 1M show whether memory grows with the log.
import { readFileSync, readdirSync } from 'node:fs';
import { generateLog } from './generate-log.mjs';
import { watchWorkerHeaps } from './worker-heaps.mjs';
import { browserSettled } from './procs.mjs';

/** Linux: the extension's renderer processes started by this benchmark (page, workers and service worker live there). */
function extensionProcesses() {
  if (process.platform !== 'linux') return [];
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const ours = (pid) => {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === process.pid) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    try {
      return ours(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--extension-process');
    } catch {
      return false;
    }
  });
}

const rssBytes = (pids) => pids.reduce((sum, pid) => {
  try {
    return sum + Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return sum;
  }
}, 0);

export async function exportSpeed(context, serviceWorker, extensionId, sizes = [100_000, 1_000_000]) {
  const out = [];
  for (const events of sizes) {
    console.log(`  seeding ${events.toLocaleString('en')} events…`);
    const generated = await serviceWorker.evaluate(generateLog, events);
    const settledMs = await browserSettled(context.userDataDir);
    const run = await exportOnce(context, extensionId);
    // A second export for memory only: the heaps are sampled after a forced collection, which
    // slows the export, so that what is measured is what the export keeps, not garbage not yet
    // collected (which V8 lets grow with the allocation rate).
    const live = await exportOnce(context, extensionId, 'csv', { liveHeap: true });
    out.push({ events, seedMs: generated.ms, settledMs, ...run, peakLiveHeapMb: live.peakHeapMb });
    console.log(`  ${events.toLocaleString('en')} events → CSV: ${run.exportMs} ms, ${run.fileMb} MB; JS heap (page + ${run.workersSeen} workers) ${run.heapBeforeMb} → peak ${run.peakHeapMb} MB, live (after collection) peak ${live.peakHeapMb} MB; extension process RSS ${run.rssBeforeMb} → peak ${run.peakRssMb} MB`);
  }
  return out;
}

/**
 * One CSV export through the options page, as a person would click it. liveHeap: each heap sample
 * is taken after a forced garbage collection in the page and each worker.
 */
export async function exportOnce(context, extensionId, format = 'csv', { liveHeap = false } = {}) {
  const page = await context.newPage();
  // The download itself is not what is measured: drop it once the browser has it.
  page.on('download', (d) => void d.delete().catch(() => undefined));
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const section = page.getByRole('region', { name: 'Export' });
  await section.getByLabel('Export format').selectOption(format);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  // The export runs in a worker with two of its own: their heaps count with the page's.
  const workers = await watchWorkerHeaps(context, page);
  const pids = extensionProcesses();
  const rssBefore = rssBytes(pids);
  let [peak, peakRss, peakWorkers] = [heapBefore, rssBefore, 0];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (liveHeap) await cdp.send('HeapProfiler.collectGarbage');
      const [{ usedSize }, inWorkers] = await Promise.all([cdp.send('Runtime.getHeapUsage'), workers.sample({ gc: liveHeap })]);
      peak = Math.max(peak, usedSize + inWorkers.bytes);
      peakWorkers = Math.max(peakWorkers, inWorkers.workers);
      peakRss = Math.max(peakRss, rssBytes(pids));
      await new Promise((r) => setTimeout(r, liveHeap ? 250 : 200));
    }
  })();
  const t0 = Date.now();
  await section.getByRole('button', { name: 'Export', exact: true }).click();
  const message = section.getByTestId('export-message');
  await message.waitFor({ timeout: 600_000 });
  const wallMs = Date.now() - t0;
  sampling = false;
  await sampler;
  const text = await message.textContent();
  if (!text.startsWith('Exported')) throw new Error(`export failed: ${text}`);
  const exportMs = Number(await message.getAttribute('data-ms'));
  const bytes = await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('axtrace-exports');
    let size = 0;
    for await (const name of dir.keys()) if (!name.endsWith('.crswap')) size = Math.max(size, (await (await dir.getFileHandle(name)).getFile()).size);
    return size;
  });
  await workers.detach();
  await cdp.detach();
  await page.close();
  const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
  return {
    // JS heap: the options page's and its export workers' together (workersSeen: how many were sampled at once).
    exportMs, wallMs, fileMb: mb(bytes), heapBeforeMb: mb(heapBefore), peakHeapMb: mb(peak), heapAddedMb: mb(peak - heapBefore), workersSeen: peakWorkers,
    // The whole extension renderer (page, both export workers, service worker): resident memory.
    rssBeforeMb: mb(rssBefore), peakRssMb: mb(peakRss), rssAddedMb: mb(peakRss - rssBefore),
  };
}
