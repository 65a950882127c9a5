import type { Transaction } from 'dexie';
import type { AxEvent } from './schema';
import { buildPage, importedPageKey, PAGE_SIZE, type ImportedPageHead, type PageBody } from './pages';
import { canonicalJson } from '../util/hash';

type OldRow = AxEvent & { importSource: string; importId: string };

/** Rows read per step: the upgrade's memory is a step's rows and one page per group being filled. */
const STEP = 5000;

/**
 * Dexie v6: the imported events stored a row each (v2–v5) become imported pages. Rows are walked
 * in [installId+seq] order; each install's rows are grouped by import source and import id (a page
 * keeps both labels), and a group's page is written every PAGE_SIZE events and when the install
 * ends. Lines are the events' canonical JSON, without the import's two fields. Keys are
 * importedPageKey(importId, installId, fromSeq), made unique with a suffix should two groups ever
 * start at the same seq (two sources holding a forked chain): a failed upgrade would leave the
 * database unopenable.
 */
export async function migrateImportedRows(tx: Transaction): Promise<void> {
  const rows = tx.table('imported');
  const heads = tx.table('importedPages');
  const bodies = tx.table('pageLines');
  const used = new Set<string>();
  let install: string | null = null;
  let groups = new Map<string, OldRow[]>();

  const write = async (group: OldRow[]) => {
    if (!group.length) return;
    const { importSource, importId } = group[0];
    const events = group.map(({ importSource: _s, importId: _i, ...event }) => event as AxEvent);
    const base = importedPageKey(importId, events[0].installId, events[0].seq);
    let key = base;
    for (let n = 1; used.has(key); n++) key = `${base}~${n}`;
    used.add(key);
    const { head, body } = buildPage(key, events, events.map((e) => canonicalJson(e)));
    await heads.add({ ...head, importId, importSource } satisfies ImportedPageHead);
    await bodies.add(body satisfies PageBody);
  };
  const endInstall = async () => {
    for (const group of groups.values()) await write(group);
    groups = new Map();
  };

  // Walks the index a step at a time; rows sharing the last key of a step are read again and skipped.
  let from: [string, number] | null = null;
  let seenAtFrom = new Set<string>();
  for (;;) {
    const query = from ? rows.where('[installId+seq]').aboveOrEqual(from) : rows.orderBy('[installId+seq]');
    const step = (await query.limit(STEP + seenAtFrom.size).toArray()) as OldRow[];
    const fresh = step.filter((r) => !(from && r.installId === from[0] && r.seq === from[1] && seenAtFrom.has(r.id)));
    if (!fresh.length) break;
    for (const row of fresh) {
      if (row.installId !== install) {
        await endInstall();
        install = row.installId;
      }
      const groupKey = `${row.importSource}\u0001${row.importId}`;
      let group = groups.get(groupKey);
      if (!group) groups.set(groupKey, (group = []));
      group.push(row);
      if (group.length >= PAGE_SIZE) {
        await write(group);
        groups.set(groupKey, []);
      }
    }
    const last = fresh[fresh.length - 1];
    if (!from || last.installId !== from[0] || last.seq !== from[1]) seenAtFrom = new Set();
    from = [last.installId, last.seq];
    for (const r of fresh) if (r.installId === last.installId && r.seq === last.seq) seenAtFrom.add(r.id);
  }
  await endInstall();
}
