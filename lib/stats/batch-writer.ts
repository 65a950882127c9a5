/** The seqs from `from` to `to` of one install's chain. */
export interface SeqSpan {
  installId: string;
  from: number;
  to: number;
}

export interface BatchWriterOptions<B> {
  /** How many batches may wait before the caller does. */
  ahead: number;
  /** How many waiting batches one transaction takes at most. */
  perTransaction: number;
  /** The seq spans a batch's events cover. */
  spansOf: (batch: B) => SeqSpan[];
}

/**
 * Writes batches in order, one transaction at a time (each sees the ones before), while the
 * caller validates the next: the caller waits only when `ahead` batches are already waiting, and a
 * transaction takes the waiting batches (up to `perTransaction`), so when IndexedDB is the slower
 * side it gets fewer, larger transactions — but never two that meet in an install's seq range
 * (overlapping files): what a batch may meet is read before its transaction (the import's
 * KnownEvents.prepare), so it must be stored before then. After a failure nothing more is written
 * and push/drain rethrow it.
 */
export class BatchWriter<B> {
  private waiting: B[] = [];
  private running: Promise<void> | null = null;
  private space: (() => void) | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private write: (batches: B[]) => Promise<void>,
    private options: BatchWriterOptions<B>,
  ) {}

  async push(batch: B): Promise<void> {
    this.rethrow();
    this.waiting.push(batch);
    this.running ??= this.loop();
    while (this.waiting.length >= this.options.ahead && !this.failure) await new Promise<void>((resolve) => (this.space = resolve));
    this.rethrow();
  }

  async drain(): Promise<void> {
    await this.settle();
    this.rethrow();
  }

  /** Waits for whatever is still being written, failed or not (before an undo). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.waiting.length && !this.failure) {
      const batches = this.waiting.splice(0, disjointPrefix(this.waiting, this.options));
      this.wake();
      try {
        await this.write(batches);
      } catch (error) {
        this.failure = { error };
      }
    }
    this.running = null;
    this.wake();
  }

  private wake(): void {
    this.space?.();
    this.space = null;
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** How many of the first batches (at least one, at most `perTransaction`) meet no other's seq range of an install. */
function disjointPrefix<B>(batches: B[], { perTransaction, spansOf }: BatchWriterOptions<B>): number {
  const max = Math.min(perTransaction, batches.length);
  const taken: SeqSpan[] = [];
  for (let n = 0; n < max; n++) {
    const spans = spansOf(batches[n]);
    if (spans.some((a) => taken.some((b) => a.installId === b.installId && a.from <= b.to && a.to >= b.from))) return Math.max(n, 1);
    taken.push(...spans);
  }
  return max;
}
