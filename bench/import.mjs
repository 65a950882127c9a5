// Team import speed and memory: a team's exports (one NDJSON file per person, valid chains)
// dropped on the dashboard, in real Chromium. Timed with the peak resident size of the browser's
// processes during the import above what they used just before it; then imported again, untimed,
// with the browser's own memory dumps every 3 s (they slow the import down): what its allocators
// hold, in the first and the second half of the import; and a third time with the live JS heap
// of the dashboard and its workers sampled after forced collections (as the export's memory is
// measured): what the import holds on to. Memory must not grow with the files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { browserCpuSeconds, browserRssMb, browserSettled } from './procs.mjs';
import { watchFootprint } from './footprint.mjs';
import { watchWorkerHeaps } from './worker-heaps.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function importSpeed(context, serviceWorker, extensionId, sizes) {
  const out = [];
  for (const events of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), 'axtrace-import-'));
    const made = spawnSync('node_modules/.bin/jiti', ['bench/import-files.ts', String(events), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (made.status !== 0) throw new Error(made.stderr);
    const { files } = JSON.parse(made.stdout);
    const mb = files.reduce((s, f) => s + readFileSync(f).length, 0) / 2 ** 20;
    const timed = await importOnce(context, serviceWorker, extensionId, files, timedRun(context));
    const dumped = await importOnce(context, serviceWorker, extensionId, files, footprintRun(context));
    const live = await importOnce(context, serviceWorker, extensionId, files, liveHeapRun(context));
    rmSync(dir, { recursive: true, force: true });
    const cpu = timed.cpuSeconds;
    const row = { events, files: files.length, fileMb: Math.round(mb), importMs: timed.ms, eventsPerSecond: Math.round(events / (timed.ms / 1000)), cpuSeconds: cpu, cpuUsPerEvent: Math.round((cpu.total * 1e6) / events), peakRssAddedMb: timed.peakRssAddedMb, allocatorsAddedMb: dumped.allocatorsAddedMb, liveHeapAddedMb: live.liveHeapAddedMb, message: timed.message };
    const a = row.allocatorsAddedMb;
    console.log(`  ${events.toLocaleString('en')} events (${row.fileMb} MB in ${files.length} files): ${timed.ms} ms, ${row.eventsPerSecond}/s, CPU ${cpu.total} s (renderer ${cpu.renderer ?? 0}, browser ${cpu.browser ?? 0}; ${row.cpuUsPerEvent} µs an event), peak memory +${row.peakRssAddedMb} MB resident; allocators at most +${a.firstHalf} / +${a.secondHalf} MB in the first / second half (${a.samples} dumps); live JS heap (page + workers, after collection) at most +${row.liveHeapAddedMb} MB — ${timed.message.slice(0, 60)}…`);
    out.push(row);
  }
  return out;
}

/** One import of `files` into emptied imported tables, watched by `watch` (started just before the drop, stopped once it is done). */
async function importOnce(context, serviceWorker, extensionId, files, watch) {
  await serviceWorker.evaluate(async () => {
    const { db } = await globalThis.__axtrace.ready;
    // Imported pages and their bodies (keys 'imp:…'); the log's own sealed pages stay.
    await Promise.all([db.importedPages.clear(), db.pageLines.where('key').startsWith('imp:').delete(), db.tasks.clear(), db.taskBlocks.clear(), db.taskDirectory.clear(), db.cellBlocks.clear()]);
  });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await page.getByLabel('Import team exports').waitFor();
  const watching = await watch.start(page);
  const t0 = Date.now();
  await page.getByLabel('Import team exports').setInputFiles(files);
  await page.getByTestId('import-message').filter({ hasText: /Imported|Nothing was imported/ }).waitFor({ timeout: 900_000 });
  const ms = Date.now() - t0;
  const figures = await watching.stop();
  const message = await page.getByTestId('import-message').textContent();
  await page.close();
  return { ms, message, ...figures };
}

/** Peak resident memory above the level before the import, and the CPU time of all the browser's processes during it. */
function timedRun(context) {
  return {
    async start() {
      // The previous import's writes are compacted in the background for a while: not this import's time.
      await browserSettled(context.userDataDir);
      const rss = () => browserRssMb(context.userDataDir);
      const baseline = rss();
      const cpuBefore = browserCpuSeconds(context.userDataDir);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rss())), 250);
      return {
        async stop() {
          clearInterval(sampler);
          const cpuAfter = browserCpuSeconds(context.userDataDir);
          const cpuSeconds = Object.fromEntries(Object.entries(cpuAfter).map(([type, s]) => [type, Math.round((s - (cpuBefore[type] ?? 0)) * 10) / 10]));
          cpuSeconds.total = Math.round(Object.values(cpuSeconds).reduce((a, b) => a + b, 0) * 10) / 10;
          return { peakRssAddedMb: Math.round(peak - baseline), cpuSeconds };
        },
      };
    },
  };
}

function footprintRun(context) {
  return {
    async start(page) {
      const footprint = await watchFootprint(context, page);
      await footprint.dump();
      let dumping = Promise.resolve();
      const dumper = setInterval(() => (dumping = dumping.then(() => footprint.dump())), 3000);
      return {
        async stop() {
          clearInterval(dumper);
          await dumping;
          await footprint.dump();
          const [before, ...during] = await footprint.stop();
          return { allocatorsAddedMb: halves(during.map((mb) => mb - before)) };
        },
      };
    },
  };
}

/**
 * The live JS heap of the dashboard page and its workers (the stats worker and its validators),
 * each sample taken after a forced collection in each: its peak above the level before the import.
 */
function liveHeapRun(context) {
  return {
    async start(page) {
      const cdp = await context.newCDPSession(page);
      const workers = await watchWorkerHeaps(context, page);
      // The stats worker is attached a moment after the watch starts.
      await new Promise((r) => setTimeout(r, 500));
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const [{ usedSize }, inWorkers] = await Promise.all([cdp.send('Runtime.getHeapUsage'), workers.sample({ gc: true })]);
        return usedSize + inWorkers.bytes;
      };
      const before = await heap();
      let peak = before;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await heap());
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      return {
        async stop() {
          sampling = false;
          await sampler;
          await workers.detach();
          await cdp.detach().catch(() => {});
          return { liveHeapAddedMb: Math.round(((peak - before) / 2 ** 20) * 10) / 10 };
        },
      };
    },
  };
}

/** The largest of the samples taken in each half of the import (the last one, at its end, in the second). */
function halves(added) {
  const half = Math.floor(added.length / 2);
  const max = (list) => (list.length ? Math.max(...list) : 0);
  return { firstHalf: max(added.slice(0, half)), secondHalf: max(added.slice(half)), samples: added.length };
}
