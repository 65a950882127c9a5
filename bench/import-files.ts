// Writes a realistic team's exports for the import benchmark: one NDJSON file per person, each a
// valid chain of that person's install over 90 days (built like the tests' logs, so every line
// passes the schema and the chain check). Usage: jiti bench/import-files.ts <events> <dir>
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildLog, type TaskScript } from '../tests/support/log-builder';
import { canonicalEventJson } from '../lib/export/canonical-event';

const total = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3] ?? 'bench/.import';
const PEOPLE = 40;
const DAY = 86_400_000;
const start = Date.parse('2026-08-27T08:00:00Z');
const sites = ['northwind.zendesk.com', 'northwind.freshdesk.com', 'jira.northwind.example', 'app.hubspot.com'] as const;
const workflows = ['ticket-reply', 'internal-note', 'crm-email'] as const;

function taskAt(i: number, when: number): TaskScript {
  const r = (i * 7919) % 100;
  const common = { start: when, site: sites[i % sites.length], workflow: workflows[i % workflows.length] };
  if (r < 25) return { ...common, steps: [{ at: 0, type: 'open' }, { at: 120, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }] };
  if (r < 75) {
    const retention = r < 55 ? 1 : 0.6;
    return { ...common, steps: [{ at: 0, type: 'open' }, { at: 1, type: 'panel' }, { at: 3, type: 'shown', promptVersion: r < 50 ? '1' : '2' }, { at: 15, type: 'inserted', decisionMs: 12_000 }, { at: 60, type: 'sent', outcome: retention >= 0.9 ? 'accepted' : 'edited', retention, aiShare: retention * 0.95 }] };
  }
  return { ...common, steps: [{ at: 0, type: 'open' }, { at: 1, type: 'panel' }, { at: 3, type: 'shown' }, { at: 9, type: 'dismissed', reason: 'too_long', decisionMs: 6000 }, { at: 200, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 }] };
}

mkdirSync(dir, { recursive: true });
const perPerson = Math.ceil(total / PEOPLE);
const files: string[] = [];
let written = 0;
for (let p = 0; p < PEOPLE && written < total; p++) {
  const tasks: TaskScript[] = [];
  let events = 0;
  for (let i = 0; events < Math.min(perPerson, total - written); i++) {
    const t = taskAt(i + p, start + Math.floor((i / (perPerson / 5.4)) * 90 * DAY) + p * 1000);
    tasks.push(t);
    events += t.steps.length + (t.steps.some((s) => s.type === 'shown') ? 1 : 0);
  }
  const log = buildLog({ actor: `person-${p}`, decisionOwner: 'Team lead' }, tasks);
  const file = path.join(dir, `person-${p}.ndjson`);
  const out = createWriteStream(file);
  // Each line the event's canonical JSON (RFC 8785), as AxTrace's NDJSON export writes it: staff exports look like this.
  for (const e of log) out.write(canonicalEventJson(e) + '\n');
  await new Promise((r) => out.end(r));
  files.push(file);
  written += log.length;
}
console.log(JSON.stringify({ events: written, files }));
