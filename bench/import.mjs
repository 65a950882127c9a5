// Team import speed and memory: a team's exports (one NDJSON file per person, valid chains)
// dropped on the dashboard, in real Chromium. Memory is the peak resident size of the browser's
// processes during the import above what they used just before it: it must not grow with the files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { browserRssMb } from './procs.mjs';
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
    await serviceWorker.evaluate(async () => {
      const { db } = await globalThis.__axtrace.ready;
      // Imported pages and their bodies (keys 'imp:…'); the log's own sealed pages stay.
      await Promise.all([db.importedPages.clear(), db.pageLines.where('key').startsWith('imp:').delete(), db.tasks.clear(), db.taskBlocks.clear(), db.cellBlocks.clear()]);
    });
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
    await page.getByLabel('Import team exports').waitFor();
    const rss = () => browserRssMb(context.userDataDir);
    const baseline = rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 250);
    const t0 = Date.now();
    await page.getByLabel('Import team exports').setInputFiles(files);
    await page.getByTestId('import-message').filter({ hasText: /Imported|Nothing was imported/ }).waitFor({ timeout: 600_000 });
    const ms = Date.now() - t0;
    clearInterval(sampler);
    const message = await page.getByTestId('import-message').textContent();
    await page.close();
    rmSync(dir, { recursive: true, force: true });
    const row = { events, files: files.length, fileMb: Math.round(mb), importMs: ms, eventsPerSecond: Math.round(events / (ms / 1000)), peakRssAddedMb: Math.round(peak - baseline), message };
    console.log(`  ${events.toLocaleString('en')} events (${row.fileMb} MB in ${files.length} files): ${ms} ms, ${row.eventsPerSecond}/s, peak memory +${row.peakRssAddedMb} MB — ${message}`);
    out.push(row);
  }
  return out;
}
