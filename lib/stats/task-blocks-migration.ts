import type { Collection, Transaction } from 'dexie';
import type { TaskFacts } from './task-facts';
import { taskBlockKey, taskBlockOf, TASKS_PER_BLOCK } from './task-blocks';

/** Task rows read per step of the upgrade: memory for a step, whatever the import's size. */
const STEP = 5000;

/**
 * The v7 upgrade: imported tasks' rows (every source but the local log) move into task blocks.
 * Rows are walked in id order a step at a time; each step's rows of a source become new blocks of
 * that source (a source can end up with blocks that are not full: readers do not mind).
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
      const list = groups.get(f.source);
      if (list) list.push(f);
      else groups.set(f.source, [f]);
    }
    for (const [source, list] of groups) {
      for (let i = 0; i < list.length; i += TASKS_PER_BLOCK) {
        const part = parts.get(source) ?? 0;
        parts.set(source, part + 1);
        await blocks.add(taskBlockOf(taskBlockKey(source, part), list.slice(i, i + TASKS_PER_BLOCK)));
      }
    }
    await rows.bulkDelete(imported.map((f) => f.taskId));
  }
}
