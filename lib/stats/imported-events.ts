import Dexie from 'dexie';
import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { pageLines, readBodies } from '../log/pages';

/**
 * A task's imported events: the pages whose heads list the task — its install's, when known (a
 * task's events are all its install's), else all — and its lines in them.
 */
export async function importedEventsOf(db: AxTraceDb, taskId: string, installId?: string): Promise<AxEvent[]> {
  const heads = installId ? db.importedPages.where('[installId+toSeq]').between([installId, Dexie.minKey], [installId, Dexie.maxKey]) : db.importedPages.toCollection();
  const keys = await heads.filter((head) => head.taskIds.includes(taskId)).primaryKeys();
  const bodies = await readBodies(db, keys);
  const events: AxEvent[] = [];
  for (const body of bodies) {
    if (!body) continue;
    // Only lines naming the task are parsed (its id can also appear as another field's value: checked after).
    for (const line of pageLines(body)) {
      if (!line.includes(taskId)) continue;
      const event = JSON.parse(line) as AxEvent;
      if (event.taskId === taskId) events.push(event);
    }
  }
  return events;
}
