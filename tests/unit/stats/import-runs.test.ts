import { afterEach, describe, expect, it, vi } from 'vitest';
import { ulid } from 'ulid';
import { openDb, type AxTraceDb } from '../../../lib/log/db';
import { importTeamFiles, type ImportOptions } from '../../../lib/stats/team-import';
import { TaskFactsFolder } from '../../../lib/stats/task-folder';
import { unpack } from '../../../lib/stats/packed-cells';
import type { AxEvent } from '../../../lib/log/schema';
import { eventHash } from '../../../lib/log/chain';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import { buildLog, toNdjson, type TaskScript } from '../../support/log-builder';
import { pageLines, readBody } from '../../../lib/log/pages';
import { expectDirectoryMatchesBlocks } from '../../support/task-directory';

// A validator hands back a chunk of one install's chain as a run: its page and task parts made
// there, merged by the import without parsing its lines (lib/stats/chunk-run.ts). Whatever the
// files, the stored result must be exactly what going line by line stores.

const DAY = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const script = (i: number, start: number): TaskScript => {
  const kind = i % 4;
  if (kind === 0) return { start, steps: [{ at: 0, type: 'open' }, { at: 90, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }] };
  if (kind === 1) return { start, steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown', promptVersion: '2' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }] };
  if (kind === 2) return { start, steps: [{ at: 0, type: 'open' }, { at: 3, type: 'shown' }, { at: 9, type: 'dismissed', reason: 'too_long', decisionMs: 6000 }, { at: 12, type: 'shown', provider: 'other' }, { at: 30, type: 'inserted', decisionMs: 9000 }, { at: 200, type: 'sent', outcome: 'edited', retention: 0.6, aiShare: 0.5 }] };
  // Sent hours later: its events are far apart in the file, in other chunks and pages.
  return { start, steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 5 * 3600, type: 'sent', outcome: 'accepted', retention: 0.95, aiShare: 0.9 }] };
};
const log = (actor: string, n: number, from = DAY) => buildLog({ actor, decisionOwner: 'Lead' }, Array.from({ length: n }, (_, i) => script(i, from + i * 47 * MIN)));
/** An export as AxTrace writes one: each line its event's canonical JSON (a run's body is then the chunk's text as it is). */
const file = (events: AxEvent[], name: string) => new File([events.map((e) => canonicalEventJson(e) + '\n').join('')], name);

let dbs = 0;
const freshDb = () => openDb(`import-runs-test-${dbs++}-${ulid()}`);

/** What an import leaves, each random import id replaced by the files it brought (the same whichever way it went). */
async function snapshot(db: AxTraceDb) {
  const allHeads = await db.importedPages.toArray();
  const sources = new Map<string, Set<string>>();
  for (const h of allHeads) sources.set(h.importId, (sources.get(h.importId) ?? new Set()).add(h.importSource));
  const named = (id: string) => [...sources.get(id)!].sort().join('+');
  const plain = (key: string) => key.replace(/^imp:([^:]+):/, (_, id: string) => `imp:${named(id)}:`);
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  const heads = allHeads.map((h) => ({ ...h, key: plain(h.key), importId: named(h.importId) })).sort(byKey);
  // A run's body may be its file's slice, a batch's is text: compared as their lines.
  const bodies = (await Promise.all((await db.pageLines.where('key').startsWith('imp:').toArray()).map(readBody))).map((b) => ({ ...b, key: plain(b.key), lines: pageLines(b).join('\n') })).sort(byKey);
  const blocks = (await db.taskBlocks.orderBy('key').toArray()).map((b) => ({ ...b, facts: JSON.parse(b.facts) }));
  const cells = (await db.cellBlocks.orderBy('key').toArray()).flatMap((b) => unpack(b.cells)).sort((a, b) => a.key.localeCompare(b.key));
  await expectDirectoryMatchesBlocks(db);
  return { heads, bodies, blocks, cells, tasks: await db.tasks.orderBy('taskId').toArray() };
}

/** Runs the same imports with runs and line by line; returns both outcomes and what each left. */
async function bothWays(imports: { files: () => File[]; options?: ImportOptions }[]) {
  const foldParts = vi.spyOn(TaskFactsFolder.prototype, 'foldParts');
  const result = [];
  for (const runs of [true, false]) {
    const db = freshDb();
    foldParts.mockClear();
    const outcomes = [];
    for (const { files, options } of imports) outcomes.push(await importTeamFiles(db, files(), { batchSize: 8, chunkBytes: 4000, tasksPerBlock: 5, maxHeldTaskBlocks: 2, ...options, runs }));
    result.push({ outcomes, state: await snapshot(db), runsMerged: foldParts.mock.calls.length });
  }
  const [withRuns, byLine] = result;
  expect(byLine.runsMerged).toBe(0);
  return { withRuns, byLine };
}

afterEach(() => vi.restoreAllMocks());

describe('runs: chunks of one install’s chain made into pages by their validators', () => {
  it('a first import of several people stores exactly what going line by line stores', async () => {
    const ana = log('ana', 40);
    const bo = log('bo', 25, DAY + 13 * MIN);
    const { withRuns, byLine } = await bothWays([{ files: () => [file(ana, 'ana.ndjson'), file(bo, 'bo.ndjson')] }]);
    expect(withRuns.runsMerged).toBeGreaterThan(10);
    expect(withRuns.outcomes).toEqual(byLine.outcomes);
    expect(withRuns.outcomes[0]).toMatchObject({ ok: true, added: ana.length + bo.length, duplicates: 0 });
    expect(withRuns.state).toEqual(byLine.state);
  });

  it('overlapping files and a later import that continues stored tasks: the same again', async () => {
    const ana = log('ana', 60);
    const cut = Math.floor(ana.length / 2);
    const { withRuns, byLine } = await bothWays([
      { files: () => [file(ana.slice(0, cut + 7), 'ana-1.ndjson'), file(ana.slice(cut - 9, cut + 30), 'ana-2.ndjson')] },
      // Its tasks began in the first import (the sends hours later), some of its events were stored by it.
      { files: () => [file(ana.slice(cut + 20), 'ana-3.ndjson')] },
    ]);
    expect(withRuns.runsMerged).toBeGreaterThan(5);
    expect(withRuns.outcomes).toEqual(byLine.outcomes);
    expect(withRuns.outcomes.map((o) => o.ok && o.duplicates)).toEqual([16, 10]);
    expect(withRuns.state).toEqual(byLine.state);
  });

  it('lines written another way, blank lines and CRLF endings: the same again', async () => {
    const ana = log('ana', 30);
    const text = ana.map((e, i) => (i % 7 === 3 ? JSON.stringify(e) : canonicalEventJson(e)) + (i % 5 === 1 ? '\r\n' : '\n') + (i % 11 === 4 ? '\n' : '')).join('');
    const { withRuns, byLine } = await bothWays([{ files: () => [new File([text], 'ana.ndjson')] }]);
    expect(withRuns.runsMerged).toBeGreaterThan(5);
    expect(withRuns.outcomes).toEqual(byLine.outcomes);
    expect(withRuns.state).toEqual(byLine.state);
    expect(withRuns.state.bodies.flatMap((b) => b.lines.split('\n'))).toEqual(ana.map((e) => canonicalEventJson(e)));
  });

  it('byte order marks, at the file’s start and at a line’s: the same again, and no mark is stored', async () => {
    const ana = log('ana', 30);
    const text = '\ufeff' + ana.map((e, i) => (i % 9 === 5 ? '\ufeff' : '') + canonicalEventJson(e) + '\n').join('');
    const { withRuns, byLine } = await bothWays([{ files: () => [new File([text], 'ana.ndjson')] }]);
    expect(withRuns.outcomes).toEqual(byLine.outcomes);
    expect(withRuns.outcomes[0]).toMatchObject({ ok: true, added: ana.length });
    expect(withRuns.state).toEqual(byLine.state);
    expect(withRuns.state.bodies.flatMap((b) => b.lines.split('\n'))).toEqual(ana.map((e) => canonicalEventJson(e)));
  });

  it("a run of canonical lines is stored as its file's slice, exactly its page's lines", async () => {
    const ana = log('ana', 40);
    const bo = log('bo', 25, DAY + 13 * MIN);
    const db = freshDb();
    expect(await importTeamFiles(db, [file(ana, 'ana.ndjson'), file(bo, 'bo.ndjson')], { batchSize: 8, chunkBytes: 4000 })).toMatchObject({ ok: true, added: ana.length + bo.length });
    const bodies = await db.pageLines.where('key').startsWith('imp:').toArray();
    const slices = bodies.filter((b) => b.lines instanceof Blob);
    expect(slices.length).toBeGreaterThan(10);
    for (const body of slices) {
      const head = (await db.importedPages.get(body.key))!;
      const events = [...ana, ...bo].filter((e) => e.installId === head.installId && e.seq >= head.fromSeq && e.seq <= head.toSeq);
      // Not a byte of the chunk's neighbours nor its newline: the page's lines joined.
      expect(await (body.lines as Blob).text()).toBe(events.map((e) => canonicalEventJson(e)).join('\n'));
    }
  });

  it('overlapping runs queued for one transaction are written apart, so the later one is deduplicated against the earlier', async () => {
    const ana = log('ana', 12);
    const bo = log('bo', 6, DAY + 13 * MIN);
    const db = freshDb();
    // The first write waits a little, so that the runs of both ana files queue behind it (a transaction takes up to three).
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let first = true;
    (db as unknown as { transaction: unknown }).transaction = async (...args: unknown[]) => {
      if (first && Array.isArray(args[1]) && args[1].includes(db.importedPages)) {
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return transaction(...args);
    };
    const cut = Math.floor(ana.length / 2);
    // Each file one chunk and one run (a batch of up to 1000 lines).
    const files = [file(bo, 'bo.ndjson'), file(ana.slice(0, cut + 5), 'ana-1.ndjson'), file(ana.slice(cut - 5), 'ana-2.ndjson')];
    expect(await importTeamFiles(db, files, { batchSize: 1000, validators: 0 })).toEqual({ ok: true, added: ana.length + bo.length, duplicates: 10, expired: 0, sources: ['bo', 'ana-1', 'ana-2'] });
    const bodies = await Promise.all((await db.pageLines.where('key').startsWith('imp:').toArray()).map(readBody));
    const ids = bodies.flatMap((b) => pageLines(b).map((line) => (JSON.parse(line) as AxEvent).id));
    expect(ids.sort()).toEqual([...ana, ...bo].map((e) => e.id).sort());
  });

  it('events older than the retention period are left out the same way', async () => {
    const ana = log('ana', 50);
    const keepFrom = ana[Math.floor(ana.length / 3)].ts + 1;
    const { withRuns, byLine } = await bothWays([{ files: () => [file(ana, 'ana.ndjson')], options: { keepFrom } }]);
    expect(withRuns.outcomes).toEqual(byLine.outcomes);
    expect(withRuns.outcomes[0]).toMatchObject({ ok: true, expired: ana.filter((e) => e.ts < keepFrom).length });
    expect(withRuns.state).toEqual(byLine.state);
  });

  it('a chain broken between two events whose own hashes hold is refused at the right line, wherever chunks and runs begin', async () => {
    const ana = log('ana', 12);
    for (let at = 6; at < 16; at++) {
      // A fork from event `at` on: every event rehashed, so each line is valid alone and only the link before `at` breaks.
      let prevHash = 'f'.repeat(64);
      const forked = ana.map((e, i) => {
        if (i < at) return e;
        const event = { ...e, prevHash };
        event.hash = eventHash(event);
        prevHash = event.hash;
        return event;
      });
      const db = freshDb();
      const result = await importTeamFiles(db, [file(forked, 'ana.ndjson')], { batchSize: 8, chunkBytes: 4000 });
      expect(result).toEqual({ ok: false, error: `ana.ndjson line ${at + 1}: event ${ana[at].id} does not link to the event before it in its install's chain. Nothing was imported.` });
      expect(await db.importedPages.count()).toBe(0);
      expect(await db.taskBlocks.count()).toBe(0);
    }
  });
});
