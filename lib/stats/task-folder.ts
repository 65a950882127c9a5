import type { AxTraceDb } from '../log/db';
import type { AxEvent } from '../log/schema';
import { applyEvents, groupByTask, mergePart, type TaskFacts, type TaskPart } from './task-facts';
import { HeldCells } from './cell-cache';
import { IdFilter } from './id-filter';
import { factsOfBlock, parseTaskBlockKey, putTaskBlocks, taskBlockKey, taskBlockOf, TASKS_PER_BLOCK } from './task-blocks';

export interface FolderOptions {
  /** Task blocks held in memory before the least recently used are written. */
  maxBlocks?: number;
  /** Daily cell blocks held likewise. */
  maxCellBlocks?: number;
  /** Tasks per block (small in tests, to cross block boundaries). */
  tasksPerBlock?: number;
  /**
   * A rebuild of these sources (lib/stats/import-rollback.ts): only their own stored rollups are
   * folded into; tasks stored under another source are treated as absent, and the local log's
   * tasks are left out (their rows are folded again from the log and every import's pages:
   * local-task-rebuild.ts). Folded here as well, such a task would be counted twice.
   */
  onlySources?: ReadonlySet<string>;
}

interface HeldBlock {
  facts: Map<string, TaskFacts>;
  dirty: boolean;
}

/**
 * The task rollups of a bulk import (or a rebuild), folded in memory across batches: imported
 * tasks live in blocks of a source's tasks (lib/stats/task-blocks.ts), held in a write-back cache
 * of at most `maxBlocks` blocks, each written when it goes out; new tasks go to their source's
 * last block while it has room. A task's events usually sit together in a file, so each block is
 * written about once. A task seen again after its block went
 * out is read back and folded on, so the result never depends on the order; which tasks may be
 * stored at all is known from an IdFilter of the stored ids, so the new tasks (nearly all of an
 * import's) are never looked up. A task of the local log (`db.tasks`) is folded into its row. The
 * daily cells follow each task's change (HeldCells). Every await here is on an IndexedDB request
 * (Dexie's, even for an empty list): Dexie keeps its transaction across native awaits only so, and
 * awaiting a promise that is not its own lets the transaction commit under us. Call fold() and
 * flush() inside transactions
 * that have `db.tasks`, `db.taskBlocks`, `db.taskDirectory` and `db.cellBlocks` in scope. Memory:
 * the held blocks and 16–32 bytes per stored task id (and, once a stored task comes again, a map of
 * the stored tasks' blocks: ~80 bytes a task).
 */
export class TaskFactsFolder {
  private blocks = new Map<string, HeldBlock>();
  /** The held block of each task in one. */
  private home = new Map<string, string>();
  /** Each source's highest part, stored or held. */
  private lastPart = new Map<string, number>();
  /** Tasks that may be stored outside the held blocks. */
  private stored: IdFilter | null = null;
  /**
   * The block of each stored task, from the task directory: read in full the first time a task
   * may be stored (a re-import; the id filter's 64-bit fingerprints make a false "maybe" very
   * rare), kept current as blocks go out. A first import does not need it.
   */
  private storedHome: Map<string, string> | null = null;
  /** The local log's task ids, in a rebuild (onlySources): read on first use. */
  private localTasks: Set<string> | null = null;
  private cells: HeldCells;
  private readonly perBlock: number;

  constructor(
    private db: AxTraceDb,
    private options: FolderOptions = {},
  ) {
    this.cells = new HeldCells(db, { maxBlocks: options.maxCellBlocks, knownKeys: true });
    this.perBlock = options.tasksPerBlock ?? TASKS_PER_BLOCK;
  }

  /** Folds a batch's events into their tasks. */
  async fold(events: AxEvent[], source: string): Promise<void> {
    const byTask = groupByTask(events);
    if (this.options.onlySources) {
      this.localTasks ??= new Set((await this.db.tasks.toCollection().primaryKeys()) as string[]);
      for (const id of byTask.keys()) if (this.localTasks.has(id)) byTask.delete(id);
    }
    const lists = [...byTask.values()];
    await this.foldTasks([...byTask.keys()], (before, i) => applyEvents(before, lists[i], source));
  }

  /** Merges a run's task parts (lib/stats/chunk-run.ts) into their tasks: the same as folding the run's events. */
  async foldParts(parts: TaskPart[], source: string): Promise<void> {
    await this.foldTasks(
      parts.map((p) => p.facts.taskId),
      (before, i) => mergePart(before, parts[i], source),
    );
  }

  /** Each task's facts made by `next` from what is known of it (undefined: a new task). */
  private async foldTasks(ids: string[], next: (before: TaskFacts | undefined, i: number) => TaskFacts): Promise<void> {
    if (!ids.length) return;
    const stored = this.stored ?? (await this.readStoredIds());
    const unknown = ids.filter((id) => !this.home.has(id) && stored.mayHave(id));
    const localRows = unknown.length ? await this.readStored(unknown) : new Map<string, TaskFacts>();
    const minus: TaskFacts[] = [];
    const plus: TaskFacts[] = [];
    const local: TaskFacts[] = [];
    const fresh: TaskFacts[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const row = localRows.get(id);
      const key = this.home.get(id);
      const before = row ?? (key ? this.blocks.get(key)!.facts.get(id) : undefined);
      const facts = next(before, i);
      if (before) minus.push(before);
      plus.push(facts);
      if (row) local.push(facts);
      else if (key) this.put(key, facts);
      else fresh.push(facts);
    }
    const lastParts = this.unheldLastParts(fresh);
    if (lastParts.length) for (const block of await this.db.taskBlocks.bulkGet(lastParts)) if (block) this.hold(block.key, factsOfBlock(block));
    for (const facts of fresh) this.put(this.openBlock(facts.source), facts);
    await Promise.all([this.db.tasks.bulkPut(local), this.cells.apply(minus, plus)]);
    const max = this.options.maxBlocks ?? 64;
    if (this.blocks.size > max) await this.writeOut(this.blocks.size - Math.floor(max / 2));
  }

  /** Writes every task block and cell block still held. */
  async flush(): Promise<void> {
    await this.writeOut(this.blocks.size);
    await this.cells.flush();
  }

  /** On first use: the stored task ids (local rows and the task directory) and each source's last part. */
  private async readStoredIds(): Promise<IdFilter> {
    const filter = new IdFilter();
    const only = this.options.onlySources;
    const [rowIds, entries] = await Promise.all([
      only === undefined ? this.db.tasks.toCollection().primaryKeys() : [],
      only === undefined ? this.db.taskDirectory.toArray() : this.db.taskDirectory.where('source').anyOf([...only]).toArray(),
    ]);
    for (const id of rowIds) filter.add(id);
    for (const { key, taskIds } of entries) {
      const { source, part } = parseTaskBlockKey(key);
      this.lastPart.set(source, Math.max(part, this.lastPart.get(source) ?? 0));
      for (const id of taskIds) filter.add(id);
    }
    return (this.stored = filter);
  }

  /**
   * Reads what is stored of these tasks: their blocks are held from now on (all their tasks with
   * them); the local log's rows among them are returned.
   */
  private async readStored(ids: string[]): Promise<Map<string, TaskFacts>> {
    const rows = new Map<string, TaskFacts>();
    const only = this.options.onlySources;
    if (only === undefined) (await this.db.tasks.bulkGet(ids)).forEach((row, i) => row && rows.set(ids[i], row));
    const rest = ids.filter((id) => !rows.has(id));
    const homes = rest.length ? await this.storedHomes() : new Map<string, string>();
    const keys = new Set<string>();
    for (const id of rest) {
      const key = homes.get(id);
      if (key !== undefined) keys.add(key);
    }
    const unread = [...keys].filter((k) => !this.blocks.has(k));
    for (const block of unread.length ? await this.db.taskBlocks.bulkGet(unread) : []) if (block) this.hold(block.key, factsOfBlock(block));
    return rows;
  }

  /** Each stored task's block (of the rebuilt sources only, in a rebuild). */
  private async storedHomes(): Promise<Map<string, string>> {
    if (this.storedHome) return this.storedHome;
    const only = this.options.onlySources;
    const homes = new Map<string, string>();
    const entries = only === undefined ? this.db.taskDirectory.toCollection() : this.db.taskDirectory.where('source').anyOf([...only]);
    await entries.each(({ key, taskIds }) => {
      for (const id of taskIds) homes.set(id, key);
    });
    return (this.storedHome = homes);
  }

  private hold(key: string, facts: TaskFacts[]): void {
    this.blocks.set(key, { facts: new Map(facts.map((f) => [f.taskId, f])), dirty: false });
    for (const f of facts) this.home.set(f.taskId, key);
  }

  /**
   * The stored last blocks of the sources these new tasks go to, not held: read before
   * openBlock() looks for room in them.
   */
  private unheldLastParts(tasks: TaskFacts[]): string[] {
    const keys = new Set<string>();
    for (const f of tasks) {
      const part = this.lastPart.get(f.source);
      const key = part === undefined ? null : taskBlockKey(f.source, part);
      if (key && !this.blocks.has(key)) keys.add(key);
    }
    return [...keys];
  }

  /** The block a source's new tasks go to: its last one while it has room. */
  private openBlock(source: string): string {
    const part = this.lastPart.get(source);
    if (part !== undefined) {
      const key = taskBlockKey(source, part);
      const block = this.blocks.get(key);
      if (block && block.facts.size < this.perBlock) return key;
    }
    const next = part === undefined ? 0 : part + 1;
    this.lastPart.set(source, next);
    const key = taskBlockKey(source, next);
    this.blocks.set(key, { facts: new Map(), dirty: true });
    return key;
  }

  /** Sets a task's facts in a held block, which moves to the back (least recently used first out). */
  private put(key: string, facts: TaskFacts): void {
    const block = this.blocks.get(key)!;
    block.facts.set(facts.taskId, facts);
    block.dirty = true;
    this.home.set(facts.taskId, key);
    this.blocks.delete(key);
    this.blocks.set(key, block);
  }

  /** Writes the `count` least recently used blocks that changed (a block never loses a task: none is emptied). */
  private async writeOut(count: number): Promise<void> {
    const put = [];
    let taken = 0;
    for (const [key, block] of this.blocks) {
      if (taken++ >= count) break;
      this.blocks.delete(key);
      for (const id of block.facts.keys()) {
        this.home.delete(id);
        this.stored?.add(id);
        this.storedHome?.set(id, key);
      }
      if (block.dirty) put.push(taskBlockOf(key, block.facts.values()));
    }
    await putTaskBlocks(this.db, put);
  }
}
