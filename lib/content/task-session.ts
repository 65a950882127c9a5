import { ulid } from '../util/ulid';
import type { InsertMode, Workflow } from '../log/schema';

/** One unit of work: a reply or note on one record, from first interaction to send. */
export class TaskSession {
  readonly taskId = ulid();
  readonly openedAt = Date.now();
  panelOpenedAt: number | null = null;
  /** Suggestions the person put to use, by id, with the exact text they were given. */
  readonly inserted = new Map<string, { text: string; mode: InsertMode }>();
  attempts = 0;
  submitted = false;

  constructor(
    readonly key: string,
    readonly adapter: string,
    readonly workflow: Workflow,
    readonly recordId: string | null,
  ) {}
}

export function taskKey(adapter: string, recordId: string | null, workflow: Workflow, url: URL): string {
  // Without a record id, the page itself is the record.
  return [adapter, recordId ?? url.origin + url.pathname, workflow].join('|');
}
