import type { AxEvent } from '../log/schema';
import { linksToPrevious } from '../log/chain';
import { addToPart, isTaskEvent, startPart, type TaskPart } from './task-facts';

/** The chain fields of an event at one end of a run: what the import's chain checks need of it. */
export type ChainLink = Pick<AxEvent, 'installId' | 'id' | 'seq' | 'prevHash' | 'hash'>;

/**
 * A validated chunk whose events are one run of an install's chain: seqs one after another, each
 * linking to the one before, no id twice. Most chunks of an export are. The validator then does
 * what the import's thread would otherwise do with the events: checks the links inside the run,
 * joins the lines into a page body, gathers the page head's ranges and tasks, and folds the
 * events into each task's part (task-facts.ts). The import's thread checks only the run's ends
 * against its neighbours and, when nothing is stored in its seq range, writes the page and merges
 * the parts without parsing a line.
 */
export interface ChunkRun {
  first: ChainLink;
  last: ChainLink;
  fromTs: number;
  toTs: number;
  count: number;
  taskIds: string[];
  /**
   * The events' canonical JSON in seq order, joined by newlines: a page body (lib/log/pages.ts).
   * When the chunk's lines were that already, `bytes`: the body is the chunk's first bytes as
   * they are in the file, which the import stores as the file's slice (a Blob) without reading them.
   */
  body: string | { bytes: number };
  tasks: TaskPart[];
}

const linkOf = ({ installId, id, seq, prevHash, hash }: AxEvent): ChainLink => ({ installId, id, seq, prevHash, hash });

/**
 * A chunk's run, built event by event as the validator checks them (at most `upTo` events, a
 * page's worth; 0: none is made), so that no event is kept once it is folded in: kept for the
 * whole chunk, a chunk's events and lines outlived the young generation's collections, which
 * copied them and grew it (~60 MB in each validator over a million-event import).
 */
export class RunBuilder {
  private first: ChainLink | null = null;
  private last: AxEvent | null = null;
  private ids = new Set<string>();
  private fromTs = Infinity;
  private toTs = -Infinity;
  private taskIds = new Set<string>();
  private tasks = new Map<string, TaskPart>();
  private count = 0;
  private broken: boolean;

  constructor(private readonly upTo: number) {
    this.broken = upTo <= 0;
  }

  /** The chunk's next event; once they are not one run, or too many for one, the rest are not looked at. */
  add(e: AxEvent): void {
    if (this.broken) return;
    if (++this.count > this.upTo || !this.continues(e)) return this.break();
    this.first ??= linkOf(e);
    this.last = e;
    this.ids.add(e.id);
    if (e.ts < this.fromTs) this.fromTs = e.ts;
    if (e.ts > this.toTs) this.toTs = e.ts;
    if (e.taskId) this.taskIds.add(e.taskId);
    if (!isTaskEvent(e)) return;
    const part = this.tasks.get(e.taskId);
    if (part) addToPart(part, e);
    else {
      const fresh = startPart(e);
      addToPart(fresh, e);
      this.tasks.set(e.taskId, fresh);
    }
  }

  /** The run of the events added, or null when they are not one. `body` makes the page body. */
  finish(body: () => ChunkRun['body']): ChunkRun | null {
    if (this.broken || !this.first || !this.last) return null;
    return { first: this.first, last: linkOf(this.last), fromTs: this.fromTs, toTs: this.toTs, count: this.count, taskIds: [...this.taskIds], body: body(), tasks: [...this.tasks.values()] };
  }

  /** Whether `e` goes on the run: seqs one after another of one install, each linking to the one before, no id twice. */
  private continues(e: AxEvent): boolean {
    const { last } = this;
    if (!last) return linksToPrevious(undefined, e);
    return e.installId === last.installId && e.seq === last.seq + 1 && linksToPrevious(last, e) && !this.ids.has(e.id);
  }

  private break(): void {
    this.broken = true;
    this.ids.clear();
    this.tasks.clear();
    this.last = null;
  }
}
