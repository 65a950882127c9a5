import type { Collection, Transaction } from 'dexie';
import type { TaskFacts } from './task-facts';
import { sourceDayOf, taskBlockKey, taskBlockOf, TASKS_PER_BLOCK } from './task-blocks';

/** Task rows read per step of the upgrade: memory for a step, whatever the import's size. */
const STEP = 5000;

/**
 * The v7 upgrade: imported tasks' rows (every source but the local log) move into task blocks.
 * Rows are walked in id order a step at a time; each step's rows of a source and day become new
 * parts of that day (a day can end up with a part that is not full: readers do not mind).
 */
export async function moveImportedTaskRows(tx: Transaction): Promise<void> {
  const rows = tx.table<TaskFacts, string>('tasks');
  const blocks = tx.table('taskBlocks');
  const parts = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    const query: Collection<TaskFacts, string> = after === null ? rows.orderBy(':id') : rows.where(':id').above(after);
    const step: TaskFacts[] = await query.limit(STEP).toArray();
    if (!step.length) return;
    after = step[step.length - 1].taskId;
    const imported = step.filter((f) => f.source !== 'local');
    if (!imported.length) continue;
    const groups = new Map<string, TaskFacts[]>();
    for (const f of imported) {
      const k = sourceDayOf(f.source, f.day);
      const list = groups.get(k);
      if (list) list.push(f);
      else groups.set(k, [f]);
    }
    for (const list of groups.values()) {
      const { source, day } = list[0];
      for (let i = 0; i < list.length; i += TASKS_PER_BLOCK) {
        const part = parts.get(sourceDayOf(source, day)) ?? 0;
        parts.set(sourceDayOf(source, day), part + 1);
        await blocks.add(taskBlockOf(taskBlockKey(source, day, part), list.slice(i, i + TASKS_PER_BLOCK)));
      }
    }
    await rows.bulkDelete(imported.map((f) => f.taskId));
  }
}
