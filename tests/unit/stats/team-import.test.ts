import { canonicalJson } from '../../../lib/util/hash';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../lib/log/db';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { importedSources, removeSource } from '../../../lib/stats/imported-sources';
import { computeMetrics } from '../../../lib/stats/metrics';
import { PENDING_IMPORT_KEY, recoverInterruptedImport } from '../../../lib/stats/import-rollback';
import { eventHash } from '../../../lib/log/chain';
import { unpack } from '../../../lib/stats/packed-cells';
import { everyTaskFacts } from '../../../lib/stats/task-blocks';
import { buildPage, pageKey } from '../../../lib/log/pages';
import type { AxTraceDb } from '../../../lib/log/db';
import { buildLog, toNdjson, type TaskScript } from '../../support/log-builder';
import { expectDirectoryMatchesBlocks } from '../../support/task-directory';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const task = (i: number, outcome: 'accepted' | 'unassisted'): TaskScript => ({
  start: DAY + i * 3_600_000,
  steps: outcome === 'accepted'
    ? [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome, retention: 1, aiShare: 1 }]
    : [{ at: 0, type: 'open' }, { at: 90, type: 'sent', outcome, retention: null, aiShare: 0 }],
});
let n = 0;
const freshDb = () => openDb(`import-test-${n++}`);
/** Imported events stored: the sum of the imported pages' counts. */
const importedCount = async (db: AxTraceDb) => (await db.importedPages.toArray()).reduce((s, h) => s + h.count, 0);

describe('importing team exports', () => {
  it('imports two overlapping files once, labelled by source, and can remove one again', async () => {
    const db = freshDb();
    const bo = buildLog({ actor: 'bo' }, [task(0, 'accepted'), task(1, 'unassisted'), task(2, 'accepted')]);
    const monday = bo.filter((e) => e.ts < DAY + 2 * 3_600_000); // tasks 0 and 1
    const result = await importTeamFiles(db, [
      new File([toNdjson(monday)], 'bo-monday.ndjson'),
      new File([toNdjson(bo)], 'bo-week.ndjson'),
    ]);
    expect(result).toEqual({ ok: true, added: bo.length, duplicates: monday.length, expired: 0, sources: ['bo-monday', 'bo-week'] });
    const facts = await everyTaskFacts(db);
    expect(facts).toHaveLength(3);
    expect(computeMetrics(facts, { from: '2026-03-02', to: '2026-03-02' }).outcomes).toMatchObject({ accepted: 2, unassisted: 1 });
    expect(await importedSources(db)).toEqual([{ source: 'bo-monday', events: monday.length }, { source: 'bo-week', events: bo.length - monday.length }]);

    // Importing the same files again adds nothing.
    expect(await importTeamFiles(db, [new File([toNdjson(bo)], 'bo-week.ndjson')])).toMatchObject({ ok: true, added: 0, duplicates: bo.length });

    await expectDirectoryMatchesBlocks(db);

    await removeSource(db, 'bo-week');
    expect(await importedCount(db)).toBe(monday.length);
    expect(await everyTaskFacts(db)).toHaveLength(2);
    await expectDirectoryMatchesBlocks(db);
  });

  it('a malformed line anywhere changes nothing and names the file and line', async () => {
    const db = freshDb();
    const good = buildLog({ actor: 'ana' }, [task(0, 'accepted')]);
    const broken = toNdjson(buildLog({ actor: 'cy' }, [task(1, 'unassisted')])).split('\n');
    broken[1] = broken[1].replace('"task.submitted"', '"task.sent"');
    const result = await importTeamFiles(db, [
      new File([toNdjson(good)], 'ana.ndjson'),
      new File([broken.join('\n')], 'cy.ndjson'),
    ]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^cy\.ndjson line 2: type /);
    expect(await importedCount(db)).toBe(0);
    expect(await everyTaskFacts(db)).toHaveLength(0);

    const notJson = await importTeamFiles(db, [new File(['{"id": 1\n'], 'x.ndjson')]);
    expect(notJson).toEqual({ ok: false, error: 'x.ndjson line 1 is not JSON. Nothing was imported.' });
  });

  it('an event changed after it was recorded fails the chain check, naming the event', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'di' }, [task(0, 'accepted')]);
    const tampered = log.map((e) => (e.type === 'task.submitted' ? { ...e, outcome: 'accepted' as const, retention: 0.99 } : e));
    const result = await importTeamFiles(db, [new File([toNdjson(tampered)], 'di.ndjson')]);
    const changed = log.find((e) => e.type === 'task.submitted')!;
    expect(result).toEqual({ ok: false, error: `di.ndjson line ${log.indexOf(changed) + 1}: event ${changed.id} was changed after it was recorded (its hash does not match). Nothing was imported.` });
  });

  it('a bad line after earlier batches were written undoes them, and an earlier import of the same source is left as it was', async () => {
    const db = freshDb();
    const tasks = Array.from({ length: 60 }, (_, i) => task(i % 20, i % 3 ? 'accepted' : 'unassisted'));
    const ana = buildLog({ actor: 'ana' }, tasks); // ~260 events: several batches of 50
    const firstPart = ana.slice(0, 40);
    expect(await importTeamFiles(db, [new File([toNdjson(firstPart)], 'ana.ndjson')])).toMatchObject({ ok: true, added: 40 });
    const before = { tasks: await everyTaskFacts(db), cells: (await db.cellBlocks.toArray()).flatMap((b) => unpack(b.cells)), rows: await importedCount(db) };

    const lines = toNdjson(ana).split('\n');
    lines[ana.length - 1] = '{"truncated":';
    const result = await importTeamFiles(db, [new File([lines.join('\n')], 'ana.ndjson')], { batchSize: 50 });
    expect(result).toEqual({ ok: false, error: `ana.ndjson line ${ana.length} is not JSON. Nothing was imported.` });
    expect(await importedCount(db)).toBe(before.rows);
    expect(await everyTaskFacts(db)).toEqual(before.tasks);
    expect((await db.cellBlocks.toArray()).flatMap((b) => unpack(b.cells))).toEqual(before.cells);
    expect(await db.meta.get(PENDING_IMPORT_KEY)).toBeUndefined();
  });

  it('a cancelled import is undone from wherever it had got to, and an earlier import of the same source is left as it was', async () => {
    const db = freshDb();
    const tasks = Array.from({ length: 60 }, (_, i) => task(i % 20, i % 3 ? 'accepted' : 'unassisted'));
    const ana = buildLog({ actor: 'ana' }, tasks);
    expect(await importTeamFiles(db, [new File([toNdjson(ana.slice(0, 40))], 'ana.ndjson')])).toMatchObject({ ok: true, added: 40 });
    const before = { tasks: await everyTaskFacts(db), cells: (await db.cellBlocks.toArray()).flatMap((b) => unpack(b.cells)), rows: await importedCount(db) };
    const bo = buildLog({ actor: 'bo' }, [3, 4].map((i) => task(i, 'unassisted')));

    const controller = new AbortController();
    let written = 0;
    const result = await importTeamFiles(db, [new File([toNdjson(ana)], 'ana.ndjson'), new File([toNdjson(bo)], 'bo.ndjson')], {
      batchSize: 20,
      chunkBytes: 4000,
      onProgress: async () => {
        // Stopped once batches of this import are stored: those must be undone too.
        written = (await importedCount(db)) - before.rows;
        if (written > 0) controller.abort();
      },
      signal: controller.signal,
    });
    expect(written).toBeGreaterThan(0);
    expect(result).toEqual({ ok: false, cancelled: true, error: 'The import was cancelled. Nothing was imported.' });
    expect(await importedCount(db)).toBe(before.rows);
    expect(await everyTaskFacts(db)).toEqual(before.tasks);
    expect((await db.cellBlocks.toArray()).flatMap((b) => unpack(b.cells))).toEqual(before.cells);
    expect((await importedSources(db)).map((s) => s.source)).toEqual(['ana']);
    expect(await db.meta.get(PENDING_IMPORT_KEY)).toBeUndefined();
    await expectDirectoryMatchesBlocks(db);
  });

  it('an import cancelled before it starts changes nothing; the same files import in full afterwards', async () => {
    const db = freshDb();
    const ana = buildLog({ actor: 'ana' }, [0, 1].map((i) => task(i, 'accepted')));
    const files = [new File([toNdjson(ana)], 'ana.ndjson')];
    expect(await importTeamFiles(db, files, { signal: AbortSignal.abort() })).toMatchObject({ ok: false, cancelled: true });
    expect(await importedCount(db)).toBe(0);
    expect(await importTeamFiles(db, files)).toEqual({ ok: true, added: ana.length, duplicates: 0, expired: 0, sources: ['ana'] });
  });

  it('reports progress chunk by chunk: lines read of each file, and bytes of all files together', async () => {
    const db = freshDb();
    const ana = buildLog({ actor: 'ana' }, [0, 1, 2].map((i) => task(i, 'accepted')));
    const bo = buildLog({ actor: 'bo' }, [3, 4].map((i) => task(i, 'unassisted')));
    const files = [new File([toNdjson(ana)], 'ana.ndjson'), new File([toNdjson(bo)], 'bo.ndjson')];
    const seen: { file: string; lines: number; bytes: number; totalBytes: number }[] = [];
    expect(await importTeamFiles(db, files, { chunkBytes: 2000, onProgress: (p) => seen.push(p) })).toMatchObject({ ok: true });
    const total = files[0].size + files[1].size;
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((p, i) => p.totalBytes === total && (i === 0 || p.bytes > seen[i - 1].bytes))).toBe(true);
    const last = (name: string) => seen.filter((p) => p.file === name).at(-1)!;
    expect([last('ana.ndjson').lines, last('bo.ndjson').lines]).toEqual([ana.length, bo.length]);
    expect([last('ana.ndjson').bytes, last('bo.ndjson').bytes]).toEqual([files[0].size, total]);
  });

  it('a file that cannot be read to its end changes nothing, and the message names it', async () => {
    const db = freshDb();
    const ana = buildLog({ actor: 'ana' }, Array.from({ length: 30 }, (_, i) => task(i, 'accepted')));
    const bytes = new TextEncoder().encode(toNdjson(ana));
    // The first half arrives (a chunk or more is validated and written), then the disk fails.
    const failing = {
      name: 'ana.ndjson',
      size: bytes.length,
      stream: () => {
        let sent = false;
        return new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent) return controller.error(new Error('the file was moved'));
            sent = true;
            controller.enqueue(bytes.slice(0, bytes.length >> 1));
          },
        });
      },
      slice: (start: number, end: number) => new Blob([bytes.slice(start, end)]),
    };
    const result = await importTeamFiles(db, [failing], { batchSize: 10, chunkBytes: 4000 });
    expect(result).toEqual({ ok: false, error: 'ana.ndjson could not be read (the file was moved). Nothing was imported.' });
    expect(await importedCount(db)).toBe(0);
    expect(await db.meta.get(PENDING_IMPORT_KEY)).toBeUndefined();
  });

  /** A file whose stream brings its first half, then a read that never settles (as a browser's file stream once did); its slices are read as they should, or stall too. */
  const stallingFile = (bytes: Uint8Array, slicesStall: boolean) => {
    const stalling = (from: Uint8Array) => {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return new Promise<void>(() => {});
          sent = true;
          controller.enqueue(from.slice(0, from.length >> 1));
        },
      });
    };
    return {
      name: 'ana.ndjson',
      size: bytes.length,
      stream: () => stalling(bytes),
      slice: (start: number, end: number) => Object.assign(new Blob([bytes.slice(start, end)]), slicesStall ? { stream: () => stalling(bytes.slice(start, end)) } : {}),
    };
  };

  it('a read that stalls is read again from where its chunk began, and nothing is lost or doubled', async () => {
    const db = freshDb();
    const ana = buildLog({ actor: 'ana' }, Array.from({ length: 30 }, (_, i) => task(i, 'accepted')));
    const result = await importTeamFiles(db, [stallingFile(new TextEncoder().encode(toNdjson(ana)), false)], { batchSize: 10, chunkBytes: 4000, readStallMs: 100 });
    expect(result).toEqual({ ok: true, added: ana.length, duplicates: 0, expired: 0, sources: ['ana'] });
    expect(await importedCount(db)).toBe(ana.length);
    expect((await everyTaskFacts(db)).map((f) => f.taskId).sort()).toEqual([...new Set(ana.map((e) => e.taskId))].sort());
  });

  it('a file whose reads keep stalling fails the import, naming the file, instead of hanging it', async () => {
    const db = freshDb();
    const ana = buildLog({ actor: 'ana' }, Array.from({ length: 30 }, (_, i) => task(i, 'accepted')));
    const result = await importTeamFiles(db, [stallingFile(new TextEncoder().encode(toNdjson(ana)), true)], { batchSize: 10, chunkBytes: 4000, readStallMs: 100 });
    expect(result).toEqual({ ok: false, error: 'ana.ndjson could not be read (its reads stalled 4 times, 100 ms each with nothing read). Nothing was imported.' });
    expect(await importedCount(db)).toBe(0);
    expect(await db.meta.get(PENDING_IMPORT_KEY)).toBeUndefined();
  });

  it('an import left half-way by a closed tab is undone when the dashboard next opens', async () => {
    const db = freshDb();
    const cy = buildLog({ actor: 'cy' }, [task(0, 'accepted'), task(1, 'unassisted')]);
    expect(await importTeamFiles(db, [new File([toNdjson(cy)], 'cy.ndjson')])).toMatchObject({ ok: true });
    // What a tab closed mid-import leaves: its marker, and some of its rows.
    const di = buildLog({ actor: 'di' }, [task(2, 'accepted')]);
    await db.meta.put({ key: PENDING_IMPORT_KEY, value: { importId: 'gone', sources: ['di'] } });
    const { head, body } = buildPage(pageKey(di[0].installId, di[0].seq, 'imp:gone:'), di, di.map((e) => canonicalJson(e)));
    await db.importedPages.add({ ...head, importId: 'gone', importSource: 'di' });
    await db.pageLines.add(body);
    expect(await recoverInterruptedImport(db)).toBe(true);
    expect(await importedCount(db)).toBe(cy.length);
    expect(await db.pageLines.get(head.key)).toBeUndefined();
    expect(await db.meta.get(PENDING_IMPORT_KEY)).toBeUndefined();
    expect(await recoverInterruptedImport(db)).toBe(false);
  });

  it('two files of one install that do not link where one ends and the other begins are refused', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'ed' }, [task(0, 'accepted'), task(1, 'accepted')]);
    const cut = 5;
    const forged = { ...log[cut], prevHash: 'f'.repeat(64) };
    forged.hash = eventHash(forged);
    const result = await importTeamFiles(db, [new File([toNdjson(log.slice(0, cut))], 'ed-1.ndjson'), new File([toNdjson([forged, ...log.slice(cut + 1)])], 'ed-2.ndjson')]);
    expect(result).toEqual({ ok: false, error: `ed-2.ndjson line 1: event ${forged.id} does not link to the event before it in its install's chain. Nothing was imported.` });
    expect(await importedCount(db)).toBe(0);
  });
});
