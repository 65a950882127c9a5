import type { AxTraceDb } from '../log/db';
import type { TaskFacts } from './task-facts';

/**
 * How imported tasks' rollups are stored: packed, TASKS_PER_BLOCK tasks of one source per block,
 * not a row per task. Chromium's IndexedDB costs ~150 µs per row written, whatever its size, and
 * values under 64 KB are kept inside its LevelDB, where compaction writes them again and again;
 * larger ones go to files of their own. A million-event team import brings ~200k tasks: as rows
 * they took half an import's time, as blocks of a source and day (~60 tasks, under 64 KB) still a
 * quarter. A block is a run of a source's tasks in the order they came, with the range of their
 * days (indexed: the dashboard's latest tasks, retention). The local log's tasks stay rows
 * (`db.tasks`): the recorder changes a few at a time. Which block holds a task is in the task
 * directory (a row per block listing its tasks, not indexed): a multi-entry index of the blocks'
 * task ids cost IndexedDB an index entry per task, over a third of its work in a large import.
 */
export interface TaskBlock {
  key: string;
  source: string;
  fromDay: string;
  toDay: string;
  taskIds: string[];
  /** The tasks' facts as one JSON array: one string to clone instead of thousands of objects. */
  facts: string;
}

/** A block's tasks, apart from their facts: all blocks' lists are read in a few milliseconds. */
export interface TaskDirectoryEntry {
  /** The block's key. */
  key: string;
  source: string;
  taskIds: string[];
}

/** ~160 tasks are 80–150 KB of JSON: past the 64 KB where values leave LevelDB, and quick to parse. */
export const TASKS_PER_BLOCK = 160;

const SEP = '\u0001';

/** A source's blocks sort together and in order. */
export function taskBlockKey(source: string, part: number): string {
  return `${source}${SEP}${String(part).padStart(6, '0')}`;
}

export function parseTaskBlockKey(key: string): { source: string; part: number } {
  const at = key.lastIndexOf(SEP);
  return { source: key.slice(0, at), part: Number(key.slice(at + 1)) };
}

export function taskBlockOf(key: string, facts: Iterable<TaskFacts>): TaskBlock {
  const list = [...facts];
  let fromDay = list[0]?.day ?? '';
  let toDay = fromDay;
  for (const f of list) {
    if (f.day < fromDay) fromDay = f.day;
    if (f.day > toDay) toDay = f.day;
  }
  return { key, source: parseTaskBlockKey(key).source, fromDay, toDay, taskIds: list.map((f) => f.taskId), facts: JSON.stringify(list) };
}

export function directoryEntryOf(block: TaskBlock): TaskDirectoryEntry {
  return { key: block.key, source: block.source, taskIds: block.taskIds };
}

/*
 * The helpers below return Dexie's own promise, not an async function's: awaited inside a
 * transaction, the extra native promise of an async helper let the transaction commit before the
 * caller's next request (PrematureCommitError in the unit tests).
 */

/** Writes task blocks with their directory entries (in a transaction over both tables). */
export function putTaskBlocks(db: AxTraceDb, blocks: TaskBlock[]): PromiseLike<unknown> {
  const entries = db.taskDirectory.bulkPut(blocks.map(directoryEntryOf));
  return db.taskBlocks.bulkPut(blocks).then(() => entries);
}

/** Deletes task blocks with their directory entries (in a transaction over both tables). */
export function deleteTaskBlocks(db: AxTraceDb, keys: string[]): PromiseLike<unknown> {
  const entries = db.taskDirectory.bulkDelete(keys);
  return db.taskBlocks.bulkDelete(keys).then(() => entries);
}

/** The keys of the blocks holding any of these tasks, by the directory (read whole: a few MB at most). */
export async function taskBlocksHolding(db: AxTraceDb, taskIds: ReadonlySet<string>): Promise<Set<string>> {
  const found = new Set<string>();
  await db.taskDirectory.each((entry) => void (entry.taskIds.some((id) => taskIds.has(id)) && found.add(entry.key)));
  return found;
}

export function factsOfBlock(block: TaskBlock): TaskFacts[] {
  return JSON.parse(block.facts) as TaskFacts[];
}

/**
 * Whether a block can hold a task with these field values, from its JSON text without parsing
 * it: a block with none of them is skipped (a person's latest tasks among everyone's blocks).
 * The facts are written by JSON.stringify, so a task with `actor` "x" has `"actor":"x"` in it.
 */
export function blockMayHold(block: TaskBlock, fields: Partial<Record<'actor' | 'site' | 'workflow' | 'teamId', string>>): boolean {
  for (const [name, value] of Object.entries(fields)) if (value && !block.facts.includes(`"${name}":${JSON.stringify(value)}`)) return false;
  return true;
}

/** One task's facts: its local row, or else its imported block's entry. */
export async function taskFactsOf(db: AxTraceDb, taskId: string): Promise<TaskFacts | undefined> {
  const row = await db.tasks.get(taskId);
  if (row) return row;
  const entry = await db.taskDirectory.filter((e) => e.taskIds.includes(taskId)).first();
  const block = entry && (await db.taskBlocks.get(entry.key));
  return block && factsOfBlock(block).find((f) => f.taskId === taskId);
}

/** Every task's facts, local and imported (tests, small logs). */
export async function everyTaskFacts(db: AxTraceDb): Promise<TaskFacts[]> {
  const [rows, blocks] = await Promise.all([db.tasks.toArray(), db.taskBlocks.toArray()]);
  return [...rows, ...blocks.flatMap(factsOfBlock)].sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
}

/** A source's imported tasks go (its import removed, or its rollups about to be rebuilt). */
export function deleteTaskBlocksOf(db: AxTraceDb, source: string): PromiseLike<unknown> {
  const entries = db.taskDirectory.where('source').equals(source).delete();
  return db.taskBlocks.where('source').equals(source).delete().then(() => entries);
}
