// The end-to-end suites whose pages send and receive media (several Chromium pages, each encoding
// a camera) take turns, one at a time across jest's workers: two of them at once overload a
// two-core machine until their waits time out (seen: the courtroom and interpretation suites
// together, load average 46). Other suites keep running beside the one whose turn it is.
// The turn is a directory made atomically in the temporary folder, naming its holder's pid, so a
// turn left by a crashed worker is taken back.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TURN = join(tmpdir(), 'crosscourt-e2e-media-turn');
const HOLDER = join(TURN, 'pid');
/** The longest a suite waits for its turn: every other media suite, one after another. */
const LONGEST_WAIT_MS = 20 * 60_000;

function holderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(HOLDER, 'utf8'));
  } catch {
    return true; // being made or removed right now: look again
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function takeTurn(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(TURN);
      writeFileSync(HOLDER, String(process.pid));
      return () => rmSync(TURN, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive()) rmSync(TURN, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Call first in a media suite: its set-up waits for its turn, and its end gives the turn back. */
export function takeTurnsWithMedia(): void {
  let giveBack: (() => void) | undefined;
  beforeAll(async () => {
    giveBack = await takeTurn();
  }, LONGEST_WAIT_MS);
  afterAll(() => {
    giveBack?.();
  });
}
