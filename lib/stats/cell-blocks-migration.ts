import type { Transaction } from 'dexie';
import type { TaskFacts } from './task-facts';
import { addTaskTo, type Cell } from './cells';
import { blocksOf } from './cell-blocks';
import { factsOfBlock, type TaskBlock } from './task-blocks';

/**
 * Rebuilds every daily cell block from the task rollups (the local log's rows and the imported
 * task blocks), for an upgrade that changes what a cell counts. Tasks are walked with cursors;
 * only the cells are held, a few per person and day whatever the log's size.
 */
export async function rebuildCellBlocks(tx: Transaction): Promise<void> {
  const cells = new Map<string, Cell>();
  await tx.table<TaskFacts, string>('tasks').each((f) => addTaskTo(cells, f, 1));
  await tx.table<TaskBlock, string>('taskBlocks').each((block) => {
    for (const f of factsOfBlock(block)) addTaskTo(cells, f, 1);
  });
  await tx.table('cellBlocks').clear();
  await tx.table('cellBlocks').bulkPut(blocksOf(cells.values()));
}
