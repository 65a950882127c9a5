import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { getSuggestion, panelOf } from './panel';
// @ts-expect-error plain ESM script without types
import { generateLog } from '../../bench/generate-log.mjs';

/** The export files kept on disk in the options page's origin private file system. */
function exportFiles(options: Page): Promise<{ name: string; bytes: number }[]> {
  return options.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('axtrace-exports', { create: true });
    const out = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) out.push({ name, bytes: (await (await dir.getFileHandle(name)).getFile()).size });
    return out;
  });
}

async function exportAs(options: Page, format: string, dir: (name: string) => string) {
  const section = options.getByRole('region', { name: 'Export' });
  await section.getByLabel('Export format').selectOption(format);
  const downloads: Download[] = [];
  const collect = (d: Download) => downloads.push(d);
  options.on('download', collect);
  await section.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(section.getByTestId('export-message')).toContainText('Exported');
  await expect.poll(() => downloads.length).toBe(2);
  options.off('download', collect);
  const paths = [];
  for (const d of downloads) {
    const p = dir(d.suggestedFilename());
    await d.saveAs(p);
    paths.push(p);
  }
  return { file: paths.find((p) => !p.endsWith('.manifest.json'))!, manifest: paths.find((p) => p.endsWith('.manifest.json'))! };
}

test('the pilot manager exports the log with a manifest; verify passes in the options page and on the command line, and names a changed event', async ({ page, demoUrl, ext }, testInfo) => {
  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  await getSuggestion(page);
  await panelOf(page).button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  const events = await ext.waitFor('task.submitted');

  const options = ext.page;
  const { file, manifest } = await exportAs(options, 'ndjson', (n) => testInfo.outputPath(n));
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  expect(lines.length).toBe(events.length);
  const m = JSON.parse(await readFile(manifest, 'utf8'));
  expect(m).toMatchObject({ format: 'axtrace.export-manifest', exportFormat: 'ndjson', counts: { events: events.length }, captureLevel: 'metadata' });
  expect(m.merkleRoot).toMatch(/^[0-9a-f]{64}$/);
  // The file was written to disk (OPFS) and downloaded from there, not built in memory.
  expect(await exportFiles(options)).toContainEqual({ name: m.file.name, bytes: m.file.bytes });
  await ext.waitFor('export.created');

  const verify = options.getByRole('region', { name: 'Verify an export' });
  await verify.getByLabel('Files to verify').setInputFiles([file, manifest]);
  await expect(verify.getByTestId('verify-result')).toContainText('verified');
  expect(execFileSync('npx', ['jiti', 'scripts/verify.ts', file, manifest], { encoding: 'utf8' })).toContain('✓ event hashes and chain links');

  // One changed byte in the submitted event: both checks name it.
  const submitted = events.find((e) => e.type === 'task.submitted')!;
  const tampered = testInfo.outputPath(m.file.name.replace('.ndjson', '-tampered.ndjson'));
  const text = await readFile(file, 'utf8');
  const at = text.indexOf(`"outcome":"accepted"`, text.indexOf(submitted.id));
  await writeFile(tampered, text.slice(0, at) + `"outcome":"acceptee"` + text.slice(at + 20));
  await verify.getByLabel('Files to verify').setInputFiles([tampered, manifest]);
  await expect(verify.getByTestId('verify-result')).toContainText(`does not verify — first bad event ${submitted.id}`);
  let cli = '';
  try {
    execFileSync('npx', ['jiti', 'scripts/verify.ts', tampered], { encoding: 'utf8' });
  } catch (error) {
    cli = String((error as { stdout: string }).stdout);
  }
  expect(cli).toContain(`first event that does not match: ${submitted.id}`);

  // The same log as CSV verifies too.
  const csv = await exportAs(options, 'csv', (n) => testInfo.outputPath(n));
  expect(execFileSync('npx', ['jiti', 'scripts/verify.ts', csv.file, csv.manifest], { encoding: 'utf8' })).toContain('✓ Merkle root');
});

test('a sealed log exports and verifies like a live one, and the dashboard still traces its tasks', async ({ page, demoUrl, ext, context }, testInfo) => {
  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  await getSuggestion(page);
  await panelOf(page).button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  const events = await ext.waitFor('task.submitted');
  const taskId = events.find((e) => e.type === 'task.submitted')!.taskId!;

  // Three days on, the background's own sealing moves the log into pages (small ones here: the
  // recorded log is a few events long).
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const sealed = await sw.evaluate(async (now) => {
    type Head = { count: number; ids?: string[] };
    const log = await (globalThis as unknown as { __axtrace: { ready: Promise<{ seal(now: number, pageSize: number): Promise<number>; db: { eventPages: { toArray(): Promise<Head[]> } } }> } }).__axtrace.ready;
    const pages = await log.seal(now, 3);
    const live = (await log.db.eventPages.toArray()).filter((h) => h.ids).reduce((n, h) => n + h.count, 0);
    return { pages, live };
  }, Date.now() + 3 * 86_400_000);
  expect(sealed.pages).toBe(Math.floor(events.length / 3));
  expect(sealed.live).toBe(events.length % 3);

  const options = ext.page;
  const { file, manifest } = await exportAs(options, 'ndjson', (n) => testInfo.outputPath(n));
  const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((e) => e.id)).toEqual(events.map((e) => e.id));
  expect(lines).toEqual(events);
  expect(execFileSync('npx', ['jiti', 'scripts/verify.ts', file, manifest], { encoding: 'utf8' })).toContain('✓ Merkle root');
  const csv = await exportAs(options, 'csv', (n) => testInfo.outputPath(n));
  expect(execFileSync('npx', ['jiti', 'scripts/verify.ts', csv.file, csv.manifest], { encoding: 'utf8' })).toContain('✓ Merkle root');
  // The log's own chain check reads the pages too.
  expect(await ext.send<{ ok: boolean; result: { ok: boolean; events: number } }>({ type: 'chain.verify' })).toMatchObject({ ok: true, result: { ok: true, events: events.length + 2 } });

  await options.goto(`chrome-extension://${ext.id}/dashboard.html`);
  await options.locator(`tr[data-task="${taskId}"]`).click();
  const trace = options.getByRole('region', { name: 'Task trace' });
  await expect(trace.getByTestId('trace-outcome')).toHaveText('accepted');
  await expect(trace.getByRole('list', { name: 'Events of this task' }).locator('li')).toHaveCount(events.filter((e) => e.taskId === taskId).length);
});

test('a long export shows its progress and can be cancelled mid-way: nothing is downloaded and no partial file is left', async ({ context, ext }) => {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  test.setTimeout(120_000);
  // Big enough that the export (in its own worker, about 100k events a second) is surely still
  // running when Cancel is pressed.
  const generated = await sw.evaluate(generateLog, 200_000);
  expect(generated.tasks).toBeGreaterThan(30_000);
  const options = ext.page;
  await options.reload();
  const downloads: Download[] = [];
  options.on('download', (d) => downloads.push(d));
  const section = options.getByRole('region', { name: 'Export' });
  await section.getByLabel('Export format').selectOption('csv');
  await section.getByRole('button', { name: 'Export', exact: true }).click();
  const bar = section.getByRole('progressbar', { name: 'Export progress' });
  // In the page: once the bar has moved, note the file being written, then press Cancel.
  const atCancel = await options.evaluate(async () => {
    const progress = () => document.querySelector<HTMLProgressElement>('progress[aria-label="Export progress"]');
    await new Promise<void>((resolve) => {
      const check = () => ((progress()?.value ?? 0) > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('axtrace-exports');
    const files: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) files.push(name);
    const [done, max] = [progress()?.value ?? -1, progress()?.max ?? -1];
    const cancel = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel');
    cancel?.click();
    return { files, done, max, clicked: !!cancel };
  });
  expect(atCancel.clicked).toBe(true);
  expect(atCancel.max).toBeGreaterThanOrEqual(200_000);
  expect(atCancel.done).toBeGreaterThan(0);
  expect(atCancel.done).toBeLessThan(atCancel.max);
  const max = atCancel.max;
  expect(atCancel.files).toContainEqual(expect.stringMatching(/^axtrace-.*\.csv$/)); // the file being written
  await expect(section.getByTestId('export-message')).toHaveText('Export cancelled. No file was written.');
  await expect(bar).toHaveCount(0);
  expect(await exportFiles(options)).toEqual([]);
  expect(downloads).toHaveLength(0);

  // The same log exports whole afterwards.
  await section.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(section.getByTestId('export-message')).toContainText(`Exported ${max} events`, { timeout: 30_000 });
  await expect.poll(() => downloads.length).toBe(2);
  const csv = downloads.find((d) => d.suggestedFilename().endsWith('.csv'))!;
  const text = await readFile((await csv.path())!, 'utf8');
  expect(text.trimEnd().split('\r\n')).toHaveLength(max + 1); // header and one row per event
});
