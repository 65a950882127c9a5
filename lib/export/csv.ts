import Papa from 'papaparse';
import type { z } from 'zod';
import { eventBase, payloads, type AxEvent } from '../log/schema';

/** One flat row per event (RFC 4180 through papaparse); nested values are JSON in their cell. */
const BASE = [
  'schemaVersion', 'extVersion', 'id', 'type', 'ts', 'tzOffsetMin', 'seq', 'prevHash', 'hash', 'installId', 'actor', 'actorRole', 'decisionOwner',
  'teamId', 'pilotId', 'configHash', 'site', 'adapter', 'workflow', 'taskId', 'recordRef', 'suggestionId',
];
export const CSV_COLUMNS = [...BASE, ...[...new Set(Object.values(payloads).flatMap((p) => Object.keys(p.shape)))].filter((k) => !BASE.includes(k)).sort()];

export function csvHeader(): string {
  return Papa.unparse([CSV_COLUMNS], { newline: '\r\n' }) + '\r\n';
}

export function csvRows(events: AxEvent[]): string {
  const rows = events.map((e) => CSV_COLUMNS.map((c) => cell((e as Record<string, unknown>)[c])));
  return rows.length ? Papa.unparse(rows, { newline: '\r\n' }) + '\r\n' : '';
}

function cell(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Columns whose values are text in the schema: read back as they are, never as numbers. */
const TEXT_COLUMNS = new Set(
  [...Object.entries(eventBase.shape), ...Object.values(payloads).flatMap((p) => Object.entries(p.shape))].filter(([, s]) => isText(s as z.ZodType)).map(([k]) => k),
);

function isText(schema: z.ZodType): boolean {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; values?: unknown[] } } })._zod.def;
  if (def.type === 'nullable' || def.type === 'optional' || def.type === 'default') return isText(def.innerType!);
  if (def.type === 'literal') return typeof def.values?.[0] === 'string';
  return def.type === 'string' || def.type === 'enum';
}

/** Reads a CSV export back into events (for verify and round trips), with the schema's types. */
export function parseCsvEvents(text: string): Record<string, unknown>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`CSV row ${parsed.errors[0].row! + 2}: ${parsed.errors[0].message}`);
  return parsed.data.map((row, i) => {
    const event: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (v === '') continue;
      if (v === 'null') event[k] = null;
      else if (TEXT_COLUMNS.has(k) || k === 'type') event[k] = v;
      else {
        try {
          event[k] = JSON.parse(v);
        } catch {
          throw new Error(`CSV row ${i + 2}: column ${k} holds “${v.slice(0, 40)}”, which is not a value of its type`);
        }
      }
    }
    return event;
  });
}
