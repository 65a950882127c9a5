import type { AxTraceDb } from '../log/db';
import { addDays, matches, type StatsFilter } from './filters';
import type { TaskFacts } from './task-facts';
import { blockMayHold, factsOfBlock } from './task-blocks';

/**
 * The newest `limit` tasks of the view, local and imported (the dashboard's task table): for each,
 * a cursor walks the newest days first — the local log's one person's days when the view is one
 * person's — and stops once nothing older can be among the newest.
 */
export async function latestTasks(db: AxTraceDb, filter: StatsFilter, limit: number): Promise<TaskFacts[]> {
  const [local, imported] = await Promise.all([
    filter.source && filter.source !== 'local' ? [] : latestLocalTasks(db, filter, limit),
    filter.source === 'local' ? [] : latestImportedTasks(db, filter, limit),
  ]);
  return newestFirst([...local, ...imported], limit);
}

const newestFirst = (tasks: TaskFacts[], limit: number) => tasks.sort((a, b) => b.openedAt - a.openedAt).slice(0, limit);

function latestLocalTasks(db: AxTraceDb, filter: StatsFilter, limit: number): Promise<TaskFacts[]> {
  const byDay = filter.actor
    ? db.tasks.where('[actor+day]').between([filter.actor, filter.from], [filter.actor, filter.to], true, true)
    : db.tasks.where('day').between(filter.from, filter.to, true, true);
  return byDay.reverse().filter((f) => matches(f, filter)).limit(limit).toArray();
}

/**
 * Imported task blocks by their last day, newest first, skipping unparsed those whose JSON cannot
 * match the view: once `limit` matches are found, a block whose last day is before the oldest of
 * the newest `limit` cannot change them (a day earlier still: days are each person's local ones,
 * and the order is by time).
 */
async function latestImportedTasks(db: AxTraceDb, filter: StatsFilter, limit: number): Promise<TaskFacts[]> {
  let found: TaskFacts[] = [];
  let stopBefore: string | null = null;
  await db.taskBlocks
    .where('toDay')
    .aboveOrEqual(filter.from)
    .reverse()
    .until((block) => stopBefore !== null && block.toDay < stopBefore)
    .each((block) => {
      if (block.fromDay > filter.to || (filter.source && block.source !== filter.source)) return;
      if (!blockMayHold(block, { actor: filter.actor, site: filter.site, workflow: filter.workflow, teamId: filter.teamId })) return;
      for (const f of factsOfBlock(block)) if (matches(f, filter)) found.push(f);
      if (found.length < limit) return;
      found = newestFirst(found, limit);
      stopBefore = addDays(found[found.length - 1].day, -1);
    });
  return found;
}
