import type { AxTraceDb } from '../log/db';
import { AxEvent } from '../log/schema';
import { exportedEventProblem } from '../log/chain';
import { updateTaskFacts } from './facts-store';

export interface ImportFile {
  name: string;
  text: string;
}

export type ImportOutcome =
  | { ok: true; added: number; duplicates: number; sources: string[] }
  | { ok: false; error: string };

/** The label an imported file's data carries (its name without extension), shown and removable. */
export function sourceOf(fileName: string): string {
  return fileName.replace(/\.(nd)?json$/i, '').slice(0, 100) || 'import';
}

/**
 * Imports staff exports (NDJSON, one event per line; a manifest .json beside them is skipped):
 * every line validated, each install's chain checked, events deduplicated by id against the log
 * and each other, all written in one transaction. A bad file changes nothing, and the error names
 * the file and line.
 */
export async function importTeamFiles(db: AxTraceDb, files: ImportFile[]): Promise<ImportOutcome> {
  const parsed: { event: AxEvent; source: string; where: string }[] = [];
  for (const file of files) {
    if (isManifest(file)) continue;
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line) continue;
      const where = `${file.name} line ${i + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        return { ok: false, error: `${where} is not JSON. Nothing was imported.` };
      }
      const result = AxEvent.safeParse(json);
      if (!result.success) {
        const issue = result.error.issues[0];
        return { ok: false, error: `${where}: ${issue.path.join('.') || 'event'} ${issue.message}. Nothing was imported.` };
      }
      parsed.push({ event: result.data, source: sourceOf(file.name), where });
    }
  }
  const chainError = checkChains(parsed);
  if (chainError) return { ok: false, error: `${chainError} Nothing was imported.` };

  const unique = new Map<string, (typeof parsed)[number]>();
  for (const p of parsed) if (!unique.has(p.event.id)) unique.set(p.event.id, p);
  const ids = [...unique.keys()];
  return db.transaction('rw', [db.events, db.imported, db.tasks, db.cellBlocks], async () => {
    const [local, imported] = await Promise.all([db.events.bulkGet(ids), db.imported.bulkGet(ids)]);
    const fresh = [...unique.values()].filter((_, i) => !local[i] && !imported[i]);
    await db.imported.bulkAdd(fresh.map((p) => ({ ...p.event, source: p.source }) as AxEvent & { source: string }));
    const bySource = new Map<string, AxEvent[]>();
    for (const p of fresh) {
      const list = bySource.get(p.source);
      if (list) list.push(p.event);
      else bySource.set(p.source, [p.event]);
    }
    for (const [source, events] of bySource) await updateTaskFacts(db, events, source);
    return { ok: true as const, added: fresh.length, duplicates: parsed.length - fresh.length, sources: [...bySource.keys()] };
  });
}

/**
 * Every event's hash must match its content; consecutive events of an install must link; an
 * install's first event must start from the genesis hash. (Filtered exports may skip seqs.)
 */
function checkChains(parsed: { event: AxEvent; where: string }[]): string | null {
  const byInstall = new Map<string, { event: AxEvent; where: string }[]>();
  for (const p of parsed) {
    const list = byInstall.get(p.event.installId);
    if (list) list.push(p);
    else byInstall.set(p.event.installId, [p]);
  }
  for (const list of byInstall.values()) {
    list.sort((a, b) => a.event.seq - b.event.seq);
    let prev: AxEvent | undefined;
    for (const { event, where } of list) {
      // The same event from two overlapping files is one event, not a broken link (its hash is still checked).
      const problem = exportedEventProblem(prev?.id === event.id ? undefined : prev, event);
      if (problem === 'hash') return `${where}: event ${event.id} was changed after it was recorded (its hash does not match).`;
      if (problem === 'link') return `${where}: event ${event.id} does not link to the event before it in its install's chain.`;
      prev = event;
    }
  }
  return null;
}

function isManifest(file: ImportFile): boolean {
  return /manifest/i.test(file.name) && file.name.endsWith('.json');
}
