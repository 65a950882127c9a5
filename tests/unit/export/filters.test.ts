import { describe, expect, it } from 'vitest';
import { runExport, type ExportFilter } from '../../../lib/export/exporter';
import { parseCsvEvents } from '../../../lib/export/csv';
import { verifyExport } from '../../../lib/export/verify';
import { buildLog, type TaskScript } from '../../support/log-builder';

// A small team's log, three people on two teams, over three days:
//   ana  (emea)  Mon zendesk ticket-reply, Mon zendesk ticket-reply, Tue zendesk internal-note, Wed freshdesk ticket-reply
//   bo   (emea)  Mon freshdesk internal-note, Tue zendesk ticket-reply
//   cy   (apac)  Tue zendesk ticket-reply, Wed hubspot crm-email, Wed hubspot crm-email
// Every task is opened, the panel opened, a suggestion requested and shown, inserted, and sent:
// six events per task.
const MON = Date.UTC(2026, 2, 2, 9);
const DAY = 86_400_000;
const task = (day: number, hour: number, site: string, workflow: TaskScript['workflow']): TaskScript => ({
  start: MON + day * DAY + hour * 3_600_000,
  site,
  workflow,
  steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
const [ZD, FD, HS] = ['northwind.zendesk.com', 'northwind.freshdesk.com', 'app.hubspot.com'];
const ana = buildLog({ installId: '01A0000000000000000000000A', actor: 'ana', teamId: 'emea' }, [task(0, 0, ZD, 'ticket-reply'), task(0, 1, ZD, 'ticket-reply'), task(1, 0, ZD, 'internal-note'), task(2, 0, FD, 'ticket-reply')]);
const bo = buildLog({ installId: '01B0000000000000000000000B', actor: 'bo', teamId: 'emea' }, [task(0, 2, FD, 'internal-note'), task(1, 1, ZD, 'ticket-reply')]);
const cy = buildLog({ installId: '01C0000000000000000000000C', actor: 'cy', teamId: 'apac' }, [task(1, 2, ZD, 'ticket-reply'), task(2, 1, HS, 'crm-email'), task(2, 2, HS, 'crm-email')]);
const log = [...ana, ...bo, ...cy]; // chain order: install by install

async function exportCsv(filter: ExportFilter) {
  let text = '';
  const manifest = await runExport({
    format: 'csv', fileName: 'team.csv', filter, total: log.length, chainHeads: {},
    batches: (async function* () { for (let i = 0; i < log.length; i += 7) yield log.slice(i, i + 7); })(),
    config: { configHash: 'c'.repeat(64), thresholds: { accepted: 0.9, edited: 0.3 }, captureLevel: 'metadata' },
    write: (chunk) => void (text += chunk),
  });
  const rows = parseCsvEvents(text);
  // One line per exported task: who, where, what, which day.
  const tasks = [...new Set(rows.map((r) => `${r.actor} ${r.teamId} ${['Mon', 'Tue', 'Wed'][Math.floor(((r.ts as number) - MON) / DAY)]} ${r.site} ${r.workflow} ${r.taskId}`))].map((t) => t.split(' ').slice(0, 5).join(' '));
  return { manifest, rows, tasks, verified: verifyExport(text, manifest).ok };
}

describe('export filters by period, site, workflow, team and person', () => {
  it('the seeded log is what the comment above says', () => {
    expect(log).toHaveLength(9 * 6);
  });

  it.each<[string, ExportFilter, string[]]>([
    ['site', { site: ZD }, ['ana emea Mon northwind.zendesk.com ticket-reply', 'ana emea Mon northwind.zendesk.com ticket-reply', 'ana emea Tue northwind.zendesk.com internal-note', 'bo emea Tue northwind.zendesk.com ticket-reply', 'cy apac Tue northwind.zendesk.com ticket-reply']],
    ['workflow', { workflow: 'internal-note' }, ['ana emea Tue northwind.zendesk.com internal-note', 'bo emea Mon northwind.freshdesk.com internal-note']],
    ['team', { teamId: 'apac' }, ['cy apac Tue northwind.zendesk.com ticket-reply', 'cy apac Wed app.hubspot.com crm-email', 'cy apac Wed app.hubspot.com crm-email']],
    ['person', { actor: 'bo' }, ['bo emea Mon northwind.freshdesk.com internal-note', 'bo emea Tue northwind.zendesk.com ticket-reply']],
    ['period (Tuesday only)', { from: MON + DAY - 9 * 3_600_000, to: MON + 2 * DAY - 9 * 3_600_000 - 1 }, ['ana emea Tue northwind.zendesk.com internal-note', 'bo emea Tue northwind.zendesk.com ticket-reply', 'cy apac Tue northwind.zendesk.com ticket-reply']],
    ['site, workflow and team together', { site: ZD, workflow: 'ticket-reply', teamId: 'emea' }, ['ana emea Mon northwind.zendesk.com ticket-reply', 'ana emea Mon northwind.zendesk.com ticket-reply', 'bo emea Tue northwind.zendesk.com ticket-reply']],
    ['all five together', { from: MON, to: MON + DAY - 1, site: ZD, workflow: 'ticket-reply', teamId: 'emea', actor: 'ana' }, ['ana emea Mon northwind.zendesk.com ticket-reply', 'ana emea Mon northwind.zendesk.com ticket-reply']],
    ['a combination nobody matches', { teamId: 'apac', actor: 'ana' }, []],
  ])('%s', async (_name, filter, expectedTasks) => {
    const { manifest, rows, tasks, verified } = await exportCsv(filter);
    expect(tasks).toEqual(expectedTasks);
    expect(rows).toHaveLength(expectedTasks.length * 6);
    expect(manifest.counts.events).toBe(expectedTasks.length * 6);
    expect(manifest.counts.byType).toEqual(expectedTasks.length ? Object.fromEntries(['task.opened', 'panel.opened', 'suggestion.requested', 'suggestion.shown', 'suggestion.inserted', 'task.submitted'].map((t) => [t, expectedTasks.length])) : {});
    expect(manifest.filter).toEqual(filter);
    // Only the installs with exported events have a chain head in the manifest.
    expect(Object.keys(manifest.chainHeads).sort()).toEqual([...new Set(rows.map((r) => r.installId as string))].sort());
    expect(verified).toBe(true);
  });
});
