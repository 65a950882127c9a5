import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvent, isTaskEvent, type TaskFacts } from './task-facts';

/**
 * Folds newly stored events into the task rollups. Call inside the transaction that stores the
 * events, with `db.tasks` in its scope, so the rollups can never disagree with the log.
 */
export async function updateTaskFacts(db: AxTraceDb, events: AxEvent[], source = 'local'): Promise<void> {
  const byTask = new Map<string, AxEvent[]>();
  for (const e of events) {
    if (!isTaskEvent(e)) continue;
    const list = byTask.get(e.taskId);
    if (list) list.push(e);
    else byTask.set(e.taskId, [e]);
  }
  if (!byTask.size) return;
  const ids = [...byTask.keys()];
  const existing = await db.tasks.bulkGet(ids);
  const next: TaskFacts[] = ids.map((id, i) => {
    let facts = existing[i];
    for (const e of byTask.get(id)!) facts = applyEvent(facts, e as AxEvent & { taskId: string }, source);
    return facts!;
  });
  await db.tasks.bulkPut(next);
}
