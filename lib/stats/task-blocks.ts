import type { AxTraceDb } from '../log/db';
import type { TaskFacts } from './task-facts';

/**
 * How imported tasks' rollups are stored: packed, a block per source, day and part (at most
 * TASKS_PER_BLOCK tasks each), not a row per task. Chromium's IndexedDB costs ~150 µs per row
 * written, whatever its size: a million-event team import brings ~200k tasks, which as rows took
 * half an import's time. The local log's tasks stay rows (`db.tasks`): the recorder changes a few
 * at a time. The block's `taskIds` (a multi-entry index) finds a task's block.
 */
export interface TaskBlock {
  key: string;
  source: string;
  day: string;
  taskIds: string[];
  /** The tasks' facts as one JSON array: one string to clone instead of thousands of objects. */
  facts: string;
}

export const TASKS_PER_BLOCK = 500;

const SEP = '\u0001';

/** The key of a (source, day)'s first part: parts of a day sort together and in order. */
export function taskBlockKey(source: string, day: string, part: number): string {
  return `${source}${SEP}${day}${SEP}${String(part).padStart(4, '0')}`;
}

export function parseTaskBlockKey(key: string): { source: string; day: string; part: number } {
  const [source, day, part] = key.split(SEP);
  return { source, day, part: Number(part) };
}

/** The prefix shared by a source and day's parts. */
export function sourceDayOf(source: string, day: string): string {
  return `${source}${SEP}${day}${SEP}`;
}

export function taskBlockOf(key: string, facts: Iterable<TaskFacts>): TaskBlock {
  const list = [...facts];
  const { source, day } = parseTaskBlockKey(key);
  return { key, source, day, taskIds: list.map((f) => f.taskId), facts: JSON.stringify(list) };
}

export function factsOfBlock(block: TaskBlock): TaskFacts[] {
  return JSON.parse(block.facts) as TaskFacts[];
}

/** One task's facts: its local row, or else its imported block's entry. */
export async function taskFactsOf(db: AxTraceDb, taskId: string): Promise<TaskFacts | undefined> {
  const row = await db.tasks.get(taskId);
  if (row) return row;
  const block = await db.taskBlocks.where('taskIds').equals(taskId).first();
  return block && factsOfBlock(block).find((f) => f.taskId === taskId);
}

/** Every task's facts, local and imported (tests, small logs). */
export async function everyTaskFacts(db: AxTraceDb): Promise<TaskFacts[]> {
  const [rows, blocks] = await Promise.all([db.tasks.toArray(), db.taskBlocks.toArray()]);
  return [...rows, ...blocks.flatMap(factsOfBlock)].sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
}

/** The imported tasks of these sources' blocks go (an import removed or rebuilt). */
export async function deleteTaskBlocksOf(db: AxTraceDb, source: string): Promise<void> {
  await db.taskBlocks.where('source').equals(source).delete();
}
