import { KeyedQueue } from '../../../server/record/KeyedQueue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  test('tasks of one key run one after another, in the order they were queued', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} starts`);
      await tick();
      log.push(`${name} ends`);
      return name;
    };
    const results = await Promise.all([queue.run('case-1', task('a')), queue.run('case-1', task('b')), queue.run('case-1', task('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  test('tasks of different keys run side by side', async () => {
    const queue = new KeyedQueue();
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    };
    await Promise.all([queue.run('case-1', task), queue.run('case-2', task), queue.run('case-3', task)]);
    expect(most).toBe(3);
  });

  test('a failed task fails only its own caller; the next one still runs', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('case-1', async () => {
      throw new Error('the disk is full');
    });
    const next = queue.run('case-1', async () => 'written');
    await expect(failed).rejects.toThrow('the disk is full');
    await expect(next).resolves.toBe('written');
  });

  test('settled() waits for every task queued so far', async () => {
    const queue = new KeyedQueue();
    let done = 0;
    void queue.run('case-1', async () => {
      await tick();
      done++;
    });
    void queue.run('case-2', async () => {
      await tick();
      await tick();
      done++;
    }).catch(() => undefined);
    await queue.settled();
    expect(done).toBe(2);
  });
});
