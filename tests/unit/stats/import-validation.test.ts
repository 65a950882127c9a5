import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ulid } from 'ulid';
import { openDb, type AxTraceDb } from '../../../lib/log/db';
import { pageLines } from '../../../lib/log/pages';
import { eventHash } from '../../../lib/log/chain';
import { canonicalJson } from '../../../lib/util/hash';
import { importTeamFiles } from '../../../lib/stats/team-import';
import { canonicalEventJson } from '../../../lib/export/canonical-event';
import type { AxEvent } from '../../../lib/log/schema';
import { buildLog, type TaskScript } from '../../support/log-builder';
import { readBodies } from '../../../lib/log/pages';

// Counts the canonical JSON the import writes itself: none for lines that already are it.
const written = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../lib/export/canonical-event', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/export/canonical-event')>();
  return { ...original, canonicalEventJson: (e: AxEvent) => (written.count++, original.canonicalEventJson(e)) };
});

const DAY = Date.parse('2026-03-02T09:00:00Z');
const task = (i: number): TaskScript => ({
  start: DAY + i * 3_600_000,
  steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
});
const freshDb = () => openDb(`import-validation-test-${ulid()}`);
/** An export as AxTrace writes it: each line the event's canonical JSON. */
const exported = (events: AxEvent[]) => events.map((e) => canonicalEventJson(e));
const file = (lines: string[], name: string) => new File([lines.join('\n') + '\n'], name);
/** Every imported page's lines, in page order (one install: seq order). */
const storedLines = async (db: AxTraceDb) => (await readBodies(db, await db.importedPages.orderBy('key').primaryKeys())).flatMap((b) => pageLines(b!));

describe('validating an import’s lines', () => {
  beforeEach(() => {
    written.count = 0;
  });

  it('stores an export’s canonical lines as they came, without writing them again', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'ana' }, [task(0), task(1), task(2)]);
    const lines = exported(log);
    written.count = 0;
    expect(await importTeamFiles(db, [file(lines, 'ana.ndjson')], { batchSize: 4, chunkBytes: 2000 })).toMatchObject({ ok: true, added: log.length });
    expect(await storedLines(db)).toEqual(lines);
    expect(written.count).toBe(0);
  });

  it('stores a line written another way (keys in another order, spaces) as the canonical JSON of its event', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'bo' }, [task(0), task(1)]);
    const lines = exported(log);
    lines[3] = JSON.stringify(log[3], null, 1).replaceAll('\n', ' ');
    written.count = 0;
    expect(await importTeamFiles(db, [file(lines, 'bo.ndjson')], { batchSize: 4, chunkBytes: 2000 })).toMatchObject({ ok: true, added: log.length });
    expect(written.count).toBe(1);
    expect(await storedLines(db)).toEqual(exported(log));
  });

  it('refuses a line whose hash covers a key the schema drops: what is stored would not be what was hashed', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'cy' }, [task(0)]);
    const last = log.length - 1;
    const extra = { ...log[last], zz: 1 } as unknown as AxEvent;
    const withKey = { ...extra, hash: eventHash(extra) };
    const lines = [...exported(log.slice(0, last)), canonicalJson(withKey)];
    const result = await importTeamFiles(db, [file(lines, 'cy.ndjson')]);
    expect(result).toEqual({ ok: false, error: `cy.ndjson line ${last + 1}: event ${log[last].id} was changed after it was recorded (its hash does not match). Nothing was imported.` });
  });

  it('names the file and line of a changed event, blank lines in earlier chunks counted', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'di' }, [task(0), task(1), task(2)]);
    const lines = exported(log);
    expect(log[11].type).toBe('task.submitted');
    lines[11] = lines[11].replace('"outcome":"accepted"', '"outcome":"edited"');
    // Two blank lines, in the first chunk and the second (chunks of about 2 lines): the changed one is line 14.
    const withBlanks = [...lines.slice(0, 2), '', ...lines.slice(2, 5), '  ', ...lines.slice(5)];
    const result = await importTeamFiles(db, [file(exported(log), 'ok.ndjson'), file(withBlanks, 'di.ndjson')], { batchSize: 4, chunkBytes: 2000 });
    expect(result).toEqual({ ok: false, error: `di.ndjson line 14: event ${log[11].id} was changed after it was recorded (its hash does not match). Nothing was imported.` });
    expect(await db.importedPages.count()).toBe(0);
  });

  it('checks each line’s hash: a change on either side of the hash field is caught; CRLF endings, a BOM and non-ASCII text are not changes', async () => {
    const log = buildLog({ actor: 'Zoë 😀' }, [task(0), task(1)]);
    const lines = exported(log);
    const ascii = exported(buildLog({ actor: 'fay' }, [task(0)]));
    const bytesOf = (text: string) => new File([text], 'x.ndjson');
    const ok = async (f: File) => expect(await importTeamFiles(freshDb(), [f], { chunkBytes: 3000 })).toMatchObject({ ok: true });
    await ok(bytesOf(lines.join('\n') + '\n'));
    await ok(bytesOf(ascii.join('\n')));
    await ok(bytesOf(lines.join('\r\n') + '\r\n'));
    await ok(new File([new Uint8Array([0xef, 0xbb, 0xbf]), ascii.join('\n')], 'bom.ndjson'));
    const changed = async (all: string[], i: number, from: string, to: string) => {
      const copy = [...all];
      expect(copy[i]).toContain(from);
      copy[i] = copy[i].replace(from, to);
      const result = await importTeamFiles(freshDb(), [new File([copy.join('\n')], 'x.ndjson')], { chunkBytes: 3000 });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^x\\.ndjson line ${i + 1}: event \\w+ was changed after it was recorded \\(its hash does not match\\)`)) });
    };
    // Before the hash field ("actorRole" sorts before "hash") and after it ("tzOffsetMin").
    await changed(ascii, 1, '"actorRole":"agent"', '"actorRole":"admin"');
    await changed(ascii, 2, '"tzOffsetMin":0', '"tzOffsetMin":60');
    await changed(lines, 1, '"actorRole":"agent"', '"actorRole":"admin"');
    await changed(lines, 2, 'Zoë', 'Zoe');
    // An invalid byte decodes as U+FFFD, which the event's hash did not cover.
    const bad = new TextEncoder().encode(ascii[0]);
    bad[bad.indexOf(0x66)] = 0xff;
    expect(await importTeamFiles(freshDb(), [new File([bad], 'x.ndjson')])).toMatchObject({ ok: false, error: expect.stringMatching(/^x\.ndjson line 1: event \w+ was changed after it was recorded \(its hash does not match\)/) });
  });

  it('reports the first problem in file order, though later chunks are validated ahead', async () => {
    const db = freshDb();
    const log = buildLog({ actor: 'ed' }, [task(0), task(1), task(2)]);
    const forged = { ...log[2], prevHash: 'f'.repeat(64) } as AxEvent;
    const lines = exported([...log.slice(0, 2), { ...forged, hash: eventHash(forged) }, ...log.slice(3)]);
    // In the next chunk but one (chunks of about a line), validated while the link is checked.
    lines[4] = '{"not json';
    const result = await importTeamFiles(db, [file(lines, 'ed.ndjson')], { batchSize: 2, chunkBytes: 1000 });
    expect(result).toEqual({ ok: false, error: `ed.ndjson line 3: event ${log[2].id} does not link to the event before it in its install's chain. Nothing was imported.` });
  });
});
