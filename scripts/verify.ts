// npm run verify -- <export file> [<its .manifest.json>] …
// Recomputes each export's chain and Merkle root against its manifest and names the first event
// that does not match. Exits 1 when anything fails.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyExport } from '../lib/export/verify';
import type { Manifest } from '../lib/export/exporter';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: npm run verify -- <export file> [<export file>.manifest.json] …');
  process.exit(2);
}
const manifests = new Map<string, Manifest>();
for (const f of files.filter((f) => f.endsWith('.manifest.json'))) {
  const m = JSON.parse(readFileSync(f, 'utf8')) as Manifest;
  manifests.set(m.file.name, m);
}
let failed = 0;
for (const f of files.filter((f) => !f.endsWith('.manifest.json'))) {
  const manifest = manifests.get(path.basename(f)) ?? null;
  const report = verifyExport(readFileSync(f, 'utf8'), manifest);
  console.log(`${report.ok ? '✓' : '✗'} ${f}${manifest ? '' : ' (no manifest given: chain only)'}`);
  for (const c of report.checks) console.log(`    ${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  if (report.firstBadEvent) console.log(`    first event that does not match: ${report.firstBadEvent.id} (${report.firstBadEvent.where})`);
  if (!report.ok) failed++;
}
process.exit(failed ? 1 : 0);
