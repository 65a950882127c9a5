import type { AxEvent } from '../log/schema';
import { linksToPrevious } from '../log/chain';
import { pageSpan } from '../log/pages';
import { foldPart, groupByTask, type TaskPart } from './task-facts';

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
 * The run of a chunk's validated events and their lines, or null when they are not one. `body`:
 * makes the lines joined without joining them (the chunk's bytes, when its lines are canonical
 * and none is blank).
 */
export function chunkRun(events: AxEvent[], lines: string[], body: (() => ChunkRun['body']) | null = null): ChunkRun | null {
  if (!events.length) return null;
  const first = events[0];
  if (!linksToPrevious(undefined, first)) return null;
  const ids = new Set<string>([first.id]);
  for (let i = 1; i < events.length; i++) {
    const e = events[i];
    const prev = events[i - 1];
    if (e.installId !== first.installId || e.seq !== prev.seq + 1 || !linksToPrevious(prev, e) || ids.has(e.id)) return null;
    ids.add(e.id);
  }
  return { first: linkOf(first), last: linkOf(events[events.length - 1]), ...pageSpan(events), count: events.length, body: body ? body() : lines.join('\n'), tasks: [...groupByTask(events).values()].map(foldPart) };
}
