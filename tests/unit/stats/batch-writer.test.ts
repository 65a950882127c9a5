import { describe, expect, it } from 'vitest';
import { BatchWriter, type SeqSpan } from '../../../lib/stats/batch-writer';

/** A batch named by its spans: `x:0-9` is install x's seqs 0 to 9. */
type Batch = string;
const spansOf = (batch: Batch): SeqSpan[] =>
  batch.split(' ').map((span) => {
    const [installId, range] = span.split(':');
    const [from, to] = range.split('-').map(Number);
    return { installId, from, to };
  });

/** A writer whose writes are recorded and each held until the test lets it go. */
function heldWriter(options: { ahead: number; perTransaction: number }, fail?: (batches: Batch[]) => boolean) {
  const written: Batch[][] = [];
  const held: (() => void)[] = [];
  const writer = new BatchWriter<Batch>(
    async (batches) => {
      written.push(batches);
      await new Promise<void>((resolve) => held.push(resolve));
      if (fail?.(batches)) throw new Error(`could not write ${batches.join(', ')}`);
    },
    { ...options, spansOf },
  );
  const release = async () => {
    held.shift()?.();
    // Let the writer's loop take its next group.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { writer, written, release };
}

describe('the import’s batch writer', () => {
  it('writes batches in order, a transaction taking those waiting, but never two that meet in an install’s seq range', async () => {
    const { writer, written, release } = heldWriter({ ahead: 10, perTransaction: 3 });
    await writer.push('x:0-9');
    // Queued while the first transaction is held: y and z meet nothing, x:15-24 meets x:10-19.
    for (const batch of ['x:10-19', 'y:0-5', 'x:15-24', 'z:0-3', 'w:0-1']) await writer.push(batch);
    expect(written).toEqual([['x:0-9']]);
    await release();
    expect(written).toEqual([['x:0-9'], ['x:10-19', 'y:0-5']]);
    await release();
    // At most three a transaction.
    expect(written.at(-1)).toEqual(['x:15-24', 'z:0-3', 'w:0-1']);
    await release();
    await writer.drain();
    expect(written.flat()).toEqual(['x:0-9', 'x:10-19', 'y:0-5', 'x:15-24', 'z:0-3', 'w:0-1']);
  });

  it('a batch spanning two installs is kept apart from one meeting either', async () => {
    const { writer, written, release } = heldWriter({ ahead: 10, perTransaction: 3 });
    await writer.push('a:0-0');
    for (const batch of ['x:0-9 y:0-9', 'y:5-5', 'z:0-0']) await writer.push(batch);
    await release();
    expect(written.at(-1)).toEqual(['x:0-9 y:0-9']);
    await release();
    expect(written.at(-1)).toEqual(['y:5-5', 'z:0-0']);
    await release();
    await writer.drain();
  });

  it('the caller waits while `ahead` batches wait, and goes on when a transaction takes them', async () => {
    const { writer, written, release } = heldWriter({ ahead: 2, perTransaction: 1 });
    await writer.push('x:0-0');
    await writer.push('x:1-1');
    let third = false;
    const pushing = writer.push('x:2-2').then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    await release();
    await pushing;
    expect(third).toBe(true);
    expect(written).toEqual([['x:0-0'], ['x:1-1']]);
    await release();
    await release();
    await writer.drain();
    expect(written.flat()).toEqual(['x:0-0', 'x:1-1', 'x:2-2']);
  });

  it('after a failed write nothing more is written, and push and drain rethrow the failure', async () => {
    const { writer, written, release } = heldWriter({ ahead: 10, perTransaction: 1 }, (batches) => batches.includes('x:0-0'));
    await writer.push('x:0-0');
    await writer.push('x:1-1');
    await release();
    await writer.settle();
    expect(written).toEqual([['x:0-0']]);
    await expect(writer.push('x:2-2')).rejects.toThrow('could not write x:0-0');
    await expect(writer.drain()).rejects.toThrow('could not write x:0-0');
  });
});
