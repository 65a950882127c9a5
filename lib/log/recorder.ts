import { readTaskFacts, updateTaskFacts } from '../stats/facts-store';
import type { AxEvent, UnchainedEvent } from './schema';
import { CompiledAxEvent } from './compiled-schema';
import { EMPTY_HEAD, eventHash, type ChainHead } from './chain';
import { CHAIN_HEAD_KEY, type AxTraceDb } from './db';
import { buildLivePage } from './pages';
import { canonicalEventJson } from '../export/canonical-event';

export interface RecordResult {
  id: string;
  seq: number;
  /** True when an event with this id was already stored (a retried write): nothing was added. */
  duplicate: boolean;
}

interface Pending {
  event: UnchainedEvent;
  resolve: (r: RecordResult) => void;
  reject: (e: unknown) => void;
}

/**
 * The only writer of the log (its live pages, lib/log/pages.ts). Appends are group-committed:
 * while one batch is being written, new events queue up and go in the next transaction, so a
 * quiet log writes each event at once and a busy one hundreds per transaction, a page each. A promise resolves only after the
 * transaction holding its event has committed, so "recorded" always means durable.
 */
export class Recorder {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: AxTraceDb,
    private readonly installId: string,
    private readonly maxBatch = 500,
  ) {}

  append(event: UnchainedEvent): Promise<RecordResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.kick();
    });
  }

  appendMany(events: UnchainedEvent[]): Promise<RecordResult[]> {
    return Promise.all(events.map((e) => this.append(e)));
  }

  /** Resolves once everything queued so far is durable. */
  async flush(): Promise<void> {
    while (this.writing || this.queue.length) {
      this.kick();
      await this.writing;
    }
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = this.writeBatch().finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      // Written first without looking for the ids: a resent event is rare, and looking up every
      // id of every batch was about a fifth of the service worker's busy time in the benchmark.
      // An id already in a live page fails the page's add (a unique index), the transaction rolls
      // back whole, and the batch is written again with the lookup.
      const results = await this.storeBatch(batch, false).catch((error: unknown) => {
        if (!isStoredIdError(error)) throw error;
        return this.storeBatch(batch, true);
      });
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      // The transaction rolled back as a whole: nothing of this batch is stored, and every
      // caller hears so (the content script retries with the same ids).
      batch.forEach((p) => p.reject(error));
    }
  }

  private storeBatch(batch: Pending[], lookUpIds: boolean): Promise<RecordResult[]> {
    return this.db.transaction('rw', [this.db.eventPages, this.db.pageLines, this.db.meta, this.db.tasks, this.db.cellBlocks], () => this.chainAndStore(batch, lookUpIds));
  }

  private async chainAndStore(batch: Pending[], lookUpIds: boolean): Promise<RecordResult[]> {
    const headKey = `${CHAIN_HEAD_KEY}:${this.installId}`;
    // Every read asked for at once (the chain head, the tasks' rows and the day's cells), and below
    // every write: three round trips to IndexedDB's process in all, where awaiting each request
    // made seven.
    const [headRow, existing, priorFacts] = await Promise.all([
      this.db.meta.get(headKey),
      lookUpIds ? storedSeqs(this.db, batch.map((p) => p.event.id)) : new Map<string, number>(),
      readTaskFacts(this.db, batch.map((p) => p.event)),
    ]);
    let head = (headRow?.value as ChainHead | undefined) ?? EMPTY_HEAD;
    const seen = new Map<string, number>();
    const toStore: AxEvent[] = [];
    const results = batch.map((p): RecordResult => {
      const known = existing.get(p.event.id) ?? seen.get(p.event.id);
      if (known !== undefined) return { id: p.event.id, seq: known, duplicate: true };
      const seq = head.seq + 1;
      const unhashed = { ...p.event, seq, prevHash: head.hash, hash: '' } as AxEvent;
      const chained = CompiledAxEvent.parse({ ...unhashed, hash: eventHash(unhashed) });
      toStore.push(chained);
      seen.set(chained.id, seq);
      head = { seq, hash: chained.hash };
      return { id: chained.id, seq, duplicate: false };
    });
    if (toStore.length) {
      // The whole batch is one live page: two rows, where a row per event cost IndexedDB
      // ~150–250 µs each in Chromium (200 events: ~40 ms as rows, ~2.5 ms as a page).
      const page = buildLivePage(toStore, toStore.map(canonicalEventJson));
      await Promise.all([
        this.db.eventPages.add(page.head),
        this.db.pageLines.add(page.body),
        this.db.meta.put({ key: headKey, value: head }),
        updateTaskFacts(this.db, toStore, 'local', priorFacts),
      ]);
    }
    return results;
  }
}

/** The seq of each of these ids that a live page holds already. */
async function storedSeqs(db: AxTraceDb, ids: string[]): Promise<Map<string, number>> {
  const wanted = new Set(ids);
  const out = new Map<string, number>();
  for (const head of await db.eventPages.where('ids').anyOf([...wanted]).toArray()) {
    // A live page's events have consecutive seqs, in the order of its ids.
    head.ids!.forEach((id, i) => wanted.has(id) && out.set(id, head.fromSeq + i));
  }
  return out;
}

/** The add failed only because an event of the batch is in a live page already (the ids' unique index). */
function isStoredIdError(error: unknown): boolean {
  return (error as Error | null)?.name === 'ConstraintError';
}
