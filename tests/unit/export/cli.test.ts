import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { chainOrderBatches, InputError, scanFiles } from '../../../lib/export/ndjson-files';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog, toNdjson, type TaskScript } from '../../support/log-builder';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const task = (i: number, workflow: TaskScript['workflow'] = 'ticket-reply'): TaskScript => ({
  start: DAY + i * HOUR,
  workflow,
  steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
// Two people; Ana's install id sorts first so chain order is Ana's events, then Bo's.
const ana = buildLog({ installId: '01A' + ulid().slice(3), actor: 'ana' }, [task(0), task(1), task(2, 'internal-note')]);
const bo = buildLog({ installId: '01B' + ulid().slice(3), actor: 'bo' }, [task(0), task(3)]);

function files(contents: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'axtrace-cli-'));
  return Object.fromEntries(Object.entries(contents).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return [name, path.join(dir, name)];
  }));
}

async function collect(paths: string[], held: string[] = []): Promise<AxEvent[]> {
  const out: AxEvent[] = [];
  for await (const batch of chainOrderBatches(await scanFiles(paths), (f) => held.push(path.basename(f.path)), 4)) out.push(...batch);
  return out;
}

const jiti = path.resolve('node_modules/.bin/jiti');
const run = (script: string, args: string[]) => spawnSync(jiti, [script, ...args], { encoding: 'utf8' });

describe('reading NDJSON exports for the command-line export', () => {
  it('merges a team’s files into chain order per install, drops the overlap of two exports of one person, and sorts a shuffled file', async () => {
    const f = files({
      'ana-monday.ndjson': toNdjson(ana.slice(0, 8)),
      'ana-week.ndjson': toNdjson(ana),
      'bo-shuffled.ndjson': toNdjson([...bo].reverse()),
    });
    const held: string[] = [];
    const events = await collect([f['bo-shuffled.ndjson'], f['ana-monday.ndjson'], f['ana-week.ndjson']], held);
    expect(events.map((e) => e.id)).toEqual([...ana, ...bo].map((e) => e.id));
    expect(held).toEqual(['bo-shuffled.ndjson']); // only the file out of order is held in memory
  });

  it('names the file and line of an event that does not fit the schema, and of a line that is not JSON', async () => {
    const badEvent = toNdjson(ana).split('\n').map((l, i) => (i === 5 ? l.replace('"outcome":"accepted"', '"outcome":"great"') : l)).join('\n');
    const f = files({ 'ok.ndjson': toNdjson(bo), 'bad.ndjson': badEvent, 'torn.ndjson': toNdjson(ana).slice(0, -40) });
    const victim = ana.find((e) => e.type === 'task.submitted')!;
    expect(ana.indexOf(victim)).toBe(5);
    await expect(scanFiles([f['ok.ndjson'], f['bad.ndjson']])).rejects.toThrow(new InputError(`${f['bad.ndjson']}, line 6 (event ${victim.id}): not an AxTrace event: outcome: Invalid option: expected one of "accepted"|"edited"|"fallback"|"unassisted"`));
    await expect(scanFiles([f['torn.ndjson']])).rejects.toThrow(`${f['torn.ndjson']}, line ${ana.length}: not JSON`);
  });

  it('refuses two different events at the same place in one install’s chain', async () => {
    const other = buildLog({ installId: ana[0].installId, actor: 'ana' }, [task(5)]);
    const f = files({ 'a.ndjson': toNdjson(ana), 'b.ndjson': toNdjson(other) });
    await expect(collect([f['a.ndjson'], f['b.ndjson']])).rejects.toThrow(`install ${ana[0].installId} has two different events at seq 0`);
  });
});

// Each case starts the real script (jiti) several times: seconds on a busy CI machine.
describe('npm run export', { timeout: 60_000 }, () => {
  it('exports a team to CSV with a manifest that verify accepts; one changed byte in one event makes verify name it', () => {
    const f = files({ 'ana.ndjson': toNdjson(ana), 'bo.ndjson': toNdjson(bo), 'ana-again.ndjson': toNdjson(ana.slice(3)) });
    const out = path.join(path.dirname(f['ana.ndjson']), 'team.csv');
    const r = run('scripts/export.ts', ['--format', 'csv', '-o', out, f['bo.ndjson'], f['ana.ndjson'], f['ana-again.ndjson']]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Exported ${ana.length + bo.length} events from 3 file(s)`);
    expect(r.stdout).toContain(`${ana.length - 3} duplicates dropped`);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    expect(manifest).toMatchObject({ exportFormat: 'csv', file: { name: 'team.csv' }, counts: { events: ana.length + bo.length } });
    expect(manifest.chainHeads[bo[0].installId]).toEqual({ exportedSeq: bo.length - 1, exportedHash: bo.at(-1)!.hash, headSeq: bo.length - 1, headHash: bo.at(-1)!.hash });
    const ok = run('scripts/verify.ts', [out, `${out}.manifest.json`]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`✓ event hashes and chain links: ${ana.length + bo.length} events intact`);

    const victim = bo[2];
    const lines = readFileSync(out, 'utf8').split('\r\n');
    const at = lines.findIndex((l) => l.includes(victim.id));
    lines[at] = lines[at].replace('zendesk.com', 'zendesk.con');
    writeFileSync(out, lines.join('\r\n'));
    const bad = run('scripts/verify.ts', [out, `${out}.manifest.json`]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`first event that does not match: ${victim.id}`);
  });

  it('filters by period, site, workflow, team and person like the options page', () => {
    const f = files({ 'ana.ndjson': toNdjson(ana), 'bo.ndjson': toNdjson(bo) });
    const out = path.join(path.dirname(f['ana.ndjson']), 'notes.ndjson');
    const day = new Date(DAY);
    const ymd = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    const r = run('scripts/export.ts', ['--format', 'ndjson', '--from', ymd, '--to', ymd, '--site', 'northwind.zendesk.com', '--workflow', 'internal-note', '--team', 'support-emea', '--person', 'ana', '-o', out, f['ana.ndjson'], f['bo.ndjson']]);
    expect(r.status).toBe(0);
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(exported).toEqual(ana.filter((e) => e.workflow === 'internal-note').map((e) => e.id));
    const from = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')).filter).toEqual({ from, to: from + 86_400_000 - 1, site: 'northwind.zendesk.com', workflow: 'internal-note', teamId: 'support-emea', actor: 'ana' });
    expect(run('scripts/verify.ts', [out, `${out}.manifest.json`]).status).toBe(0);
  });

  it('a bad line stops the export with its file and line, and writes nothing', () => {
    const f = files({ 'ana.ndjson': toNdjson(ana), 'bo.ndjson': toNdjson(bo).replace(`"seq":3,`, `"seq":"3",`) });
    const out = path.join(path.dirname(f['ana.ndjson']), 'out.otlp-logs.json');
    const r = run('scripts/export.ts', ['--format', 'otlp-logs', '-o', out, f['ana.ndjson'], f['bo.ndjson']]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${f['bo.ndjson']}, line 4 (event ${bo[3].id}): not an AxTrace event: seq: Invalid input: expected number, received string. Nothing was written.`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(`${out}.manifest.json`)).toBe(false);
  });

  it('explains a wrong command line', () => {
    const r = run('scripts/export.ts', ['--format', 'xml', '-o', 'x.xml', 'a.ndjson']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown format “xml”');
    expect(run('scripts/export.ts', ['--format', 'csv', '--from', '2026-02-30', '-o', 'x.csv', 'a.ndjson']).stderr).toContain('--from 2026-02-30: not a date (YYYY-MM-DD)');
  });
});
