/**
 * A bounded queue between a producer running on its own (reading files ahead) and a consumer:
 * the producer waits while `limit` items are queued, and stops when told; the consumer gets
 * the items in order, then the producer's error, if it failed, after the items before it.
 */
export class ReadAhead<T> {
  private queue: T[] = [];
  private done = false;
  private stopped = false;
  private failure: { error: unknown } | null = null;
  private wakeProducer: (() => void) | null = null;
  private wakeConsumer: (() => void) | null = null;

  constructor(private limit: number) {}

  /** Runs the producer; `dispatch` queues an item and says false once the consumer has stopped. */
  async run(produce: (dispatch: (item: T) => Promise<boolean>) => Promise<void>): Promise<void> {
    try {
      await produce(async (item) => {
        while (this.queue.length >= this.limit && !this.stopped) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
        if (this.stopped) return false;
        this.queue.push(item);
        this.wake('consumer');
        return true;
      });
    } catch (error) {
      this.failure = { error };
    } finally {
      this.done = true;
      this.wake('consumer');
    }
  }

  /** The next item, or null once the producer is done (its error thrown, if it failed). */
  async take(): Promise<T | null> {
    while (!this.queue.length && !this.done) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    const item = this.queue.shift();
    this.wake('producer');
    if (item !== undefined) return item;
    if (this.failure) throw this.failure.error;
    return null;
  }

  /** The consumer is done: a producer waiting for room, or dispatching next, is told to stop. */
  stop(): void {
    this.stopped = true;
    this.wake('producer');
  }

  private wake(who: 'producer' | 'consumer'): void {
    const resolve = who === 'producer' ? this.wakeProducer : this.wakeConsumer;
    if (who === 'producer') this.wakeProducer = null;
    else this.wakeConsumer = null;
    resolve?.();
  }
}
