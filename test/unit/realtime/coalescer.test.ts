// The courtroom's views go out through a Coalescer: soon after a change, and however fast the
// changes come, at most once per interval, the last change always shown.
import { Coalescer } from '../../../server/realtime/Coalescer.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a first change is shown on the next turn of the event loop, not at once and not after the interval', async () => {
  let runs = 0;
  const coalescer = new Coalescer(10_000, () => void (runs += 1));
  coalescer.request();
  expect(runs).toBe(0);
  await turn();
  expect(runs).toBe(1);
  coalescer.cancel();
});

test('changes asked for in one turn are shown once', async () => {
  let runs = 0;
  const coalescer = new Coalescer(50, () => void (runs += 1));
  for (let i = 0; i < 100; i += 1) coalescer.request();
  await turn();
  await sleep(120);
  expect(runs).toBe(1);
});

test('changes within the interval after a run are shown once, at its end', async () => {
  const runAt: number[] = [];
  const start = performance.now();
  const coalescer = new Coalescer(80, () => void runAt.push(performance.now() - start));
  coalescer.request();
  await turn();
  for (let i = 0; i < 5; i += 1) {
    coalescer.request();
    await sleep(5);
  }
  expect(runAt).toHaveLength(1);
  await sleep(150);
  expect(runAt).toHaveLength(2);
  expect(runAt[1]! - runAt[0]!).toBeGreaterThanOrEqual(75);
});

test('a cancelled run does not happen', async () => {
  let runs = 0;
  const coalescer = new Coalescer(10, () => void (runs += 1));
  coalescer.request();
  coalescer.cancel();
  await sleep(30);
  expect(runs).toBe(0);
});

test('a run that takes several turns is never overlapped: requests during it are answered by one run after it', async () => {
  let active = 0;
  let overlapped = false;
  let runs = 0;
  const coalescer = new Coalescer(10, async () => {
    active += 1;
    overlapped ||= active > 1;
    runs += 1;
    await sleep(40);
    active -= 1;
  });
  coalescer.request();
  await turn();
  for (let i = 0; i < 5; i += 1) {
    coalescer.request();
    await sleep(5);
  }
  await sleep(150);
  expect(overlapped).toBe(false);
  expect(runs).toBe(2);
});

test('an interval given as a function is asked each time: runs space out as the state it reads grows', async () => {
  let people = 10;
  const runAt: number[] = [];
  const start = performance.now();
  const coalescer = new Coalescer(() => people * 10, () => void runAt.push(performance.now() - start));
  coalescer.request();
  await turn();
  coalescer.request();
  await sleep(160);
  // 10 people: the second run came 100 ms after the first.
  expect(runAt).toHaveLength(2);
  expect(runAt[1]! - runAt[0]!).toBeGreaterThanOrEqual(95);
  people = 30;
  coalescer.request();
  await sleep(150);
  // 30 people: 300 ms now, so not yet.
  expect(runAt).toHaveLength(2);
  await sleep(250);
  expect(runAt).toHaveLength(3);
  expect(runAt[2]! - runAt[1]!).toBeGreaterThanOrEqual(295);
  coalescer.cancel();
});
