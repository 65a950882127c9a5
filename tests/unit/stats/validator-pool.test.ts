import { describe, expect, it, vi } from 'vitest';
import { ulid } from 'ulid';
import { openDb, type AxTraceDb } from '../../../lib/log/db';
import { pageLines } from '../../../lib/log/pages';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import { fastSha256 } from '../../../lib/export/sha256';
import { EventHasher } from '../../../lib/stats/event-hasher';
import { validateChunk } from '../../../lib/stats/validate-chunk';
import type { ValidatorRequest } from '../../../lib/stats/validator-pool';
import type { WorkerLike } from '../../../lib/util/spawned-worker';
import { buildLog, type TaskScript } from '../../support/log-builder';
import { readBodies } from '../../../lib/log/pages';

const DAY = Date.parse('2026-03-02T09:00:00Z');
const task = (i: number): TaskScript => ({
  start: DAY + i * 3_600_000,
  steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
const log = buildLog({ actor: 'ana' }, [0, 1, 2, 3, 4, 5].map(task));
const lines = log.map((e) => canonicalEventJson(e));
const file = (text: string[]) => new File([text.join('\n') + '\n'], 'ana.ndjson');
const storedLines = async (db: AxTraceDb) => (await readBodies(db, await db.importedPages.orderBy('key').primaryKeys())).flatMap((b) => pageLines(b!));

/**
 * A stand-in for a validator worker that answers `answers` chunks (validating them as the real
 * one does) and then stops with an error event (or sends an answer that cannot be read: a
 * messageerror event; or says nothing ever again: silent), the rest unanswered: 0 is a worker
 * whose script could not be loaded.
 */
function fakeWorkers(answers: number, ends: 'error' | 'messageerror' | 'silent' = 'error') {
  const started: FakeWorker[] = [];
  const hasher = fastSha256().then((kit) => new EventHasher(kit));
  class FakeWorker {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
    onmessageerror: (() => void) | null = null;
    answered = 0;
    terminated = false;
    constructor() {
      started.push(this);
      if (!answers) setTimeout(() => this.stop(), 0);
    }
    postMessage(request: ValidatorRequest, transfer: Transferable[]) {
      // As a real worker gets it: the chunk's bytes are detached from the sender.
      const { id, chunk } = structuredClone(request, { transfer });
      if (this.terminated) return;
      if (this.answered++ >= answers) return void setTimeout(() => this.stop(), 0);
      void hasher.then((h) => setTimeout(() => !this.terminated && this.onmessage?.({ data: { id, result: validateChunk(chunk, h) } }), 0));
    }
    stop() {
      if (this.terminated || ends === 'silent') return;
      if (ends === 'messageerror') this.onmessageerror?.();
      else this.onerror?.({ message: 'validator crashed', preventDefault() {} });
    }
    terminate() {
      this.terminated = true;
    }
  }
  return { started, startValidator: () => new FakeWorker() as unknown as WorkerLike };
}

describe('validator workers that stop', () => {
  for (const [what, answers] of [['cannot be loaded', 0], ['crash after a chunk', 1], ['crash after three chunks', 3]] as const) {
    it(`an import goes on when its validators ${what}: their chunks are validated on its own thread`, async () => {
      const { started: workers, startValidator } = fakeWorkers(answers);
      const db = openDb(`validator-pool-test-${ulid()}`);
      expect(await importTeamFiles(db, [file(lines)], { batchSize: 3, chunkBytes: 1000, validators: 2, startValidator })).toEqual({ ok: true, added: log.length, duplicates: 0, expired: 0, sources: ['ana'] });
      expect(await storedLines(db)).toEqual(lines);
      expect(workers).toHaveLength(2);
      expect(workers.every((w) => w.terminated)).toBe(true);
    });
  }

  it('an import goes on when a validator answers what cannot be read (a messageerror): its chunks are validated again', async () => {
    const { started: workers, startValidator } = fakeWorkers(2, 'messageerror');
    const db = openDb(`validator-pool-test-${ulid()}`);
    expect(await importTeamFiles(db, [file(lines)], { batchSize: 3, chunkBytes: 1000, validators: 2, startValidator })).toEqual({ ok: true, added: log.length, duplicates: 0, expired: 0, sources: ['ana'] });
    expect(await storedLines(db)).toEqual(lines);
    expect(workers).toHaveLength(2);
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('an import goes on when a validator falls silent (it never started, or hangs): after a while its chunks are validated again', async () => {
    const { started: workers, startValidator } = fakeWorkers(1, 'silent');
    const db = openDb(`validator-pool-test-${ulid()}`);
    const started = Date.now();
    expect(await importTeamFiles(db, [file(lines)], { batchSize: 3, chunkBytes: 1000, validators: 2, startValidator, validatorSilenceMs: 300 })).toEqual({ ok: true, added: log.length, duplicates: 0, expired: 0, sources: ['ana'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await storedLines(db)).toEqual(lines);
    expect(workers).toHaveLength(2);
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('still names the file and line of a bad line in a chunk validated again after its worker stopped', async () => {
    const { startValidator } = fakeWorkers(1);
    const broken = [...lines];
    expect(log[14].type).toBe('task.submitted');
    broken[14] = broken[14].replace('"outcome":"accepted"', '"outcome":"edited"');
    const result = await importTeamFiles(openDb(`validator-pool-test-${ulid()}`), [file(broken)], { batchSize: 3, chunkBytes: 1000, validators: 2, startValidator });
    expect(result).toEqual({ ok: false, error: `ana.ndjson line 15: event ${log[14].id} was changed after it was recorded (its hash does not match). Nothing was imported.` });
  });
});
