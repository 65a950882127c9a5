import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../../lib/util/read-ahead';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('reading ahead of a consumer', () => {
  it('runs ahead of the consumer up to the limit, no further, and hands over the items in order', async () => {
    const ahead = new ReadAhead<number>(3);
    let produced = 0;
    const running = ahead.run(async (dispatch) => {
      for (let i = 0; i < 10; i++) {
        produced = i;
        if (!(await dispatch(i))) return;
      }
      produced = 10;
    });
    await tick();
    // Three queued, the fourth waiting for room, before anything is taken.
    expect(produced).toBe(3);
    const taken: number[] = [];
    for (let next = await ahead.take(); next !== null; next = await ahead.take()) taken.push(next);
    expect(taken).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await running;
    expect(produced).toBe(10);
  });

  it('gives the producer’s error after the items made before it', async () => {
    const ahead = new ReadAhead<string>(4);
    void ahead.run(async (dispatch) => {
      await dispatch('a');
      await dispatch('b');
      throw new Error('the disk failed');
    });
    expect(await ahead.take()).toBe('a');
    expect(await ahead.take()).toBe('b');
    await expect(ahead.take()).rejects.toThrow('the disk failed');
  });

  it('tells a waiting producer to stop when the consumer stops', async () => {
    const ahead = new ReadAhead<number>(1);
    const answers: boolean[] = [];
    const running = ahead.run(async (dispatch) => {
      for (let i = 0; i < 5; i++) {
        const more = await dispatch(i);
        answers.push(more);
        if (!more) return;
      }
    });
    expect(await ahead.take()).toBe(0);
    await tick();
    ahead.stop();
    await running;
    // Item 1 was queued; item 2 waited for room and was refused.
    expect(answers).toEqual([true, true, false]);
  });
});
