import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { getSuggestion, panelOf } from './panel';

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
