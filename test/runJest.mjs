// `npm test`'s jest run, with one rule on top: a test file whose jest worker process was killed by
// SIGSEGV while it ran, when that file drives WebRTC peers from @roamhq/wrtc (libwebrtc for Node,
// a test client only: the product never loads it), is run once more on its own. That native
// module crashes now and then when peer connections close (an upstream libwebrtc binding issue;
// about one run in fifteen here), which kills the worker and fails the file whatever its tests
// did. Nothing else is retried: any failed test, any other crash, or a crash of any other file
// fails the run as it is, and a file that crashes twice fails it too. Every retry is printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const JEST = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js'];
const WORKER_CRASH = /jest worker process \(pid=\d+\) was terminated by another process: signal=SIGSEGV/;
/** What a test file imports when it drives WebRTC peers from @roamhq/wrtc. */
const DRIVES_WRTC = /@roamhq\/wrtc|nodeMediaClient|channelHearing/;

function runJest(args) {
  const dir = mkdtempSync(join(tmpdir(), 'crosscourt-jest-'));
  const outputFile = join(dir, 'results.json');
  try {
    const { status } = spawnSync(process.execPath, [...JEST, ...args, '--json', `--outputFile=${outputFile}`], { stdio: 'inherit' });
    let results;
    try {
      results = JSON.parse(readFileSync(outputFile, 'utf8'));
    } catch {
      results = undefined; // jest did not get as far as writing its results
    }
    return { status: status ?? 1, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The files to run again, or undefined when the run's failures are not all wrtc worker crashes. */
function crashedWrtcFiles(results) {
  if (results === undefined || results.numFailedTests > 0 || results.numRuntimeErrorTestSuites === 0) return undefined;
  const failed = results.testResults.filter((file) => file.status === 'failed');
  const crashed = failed.filter((file) => WORKER_CRASH.test(`${file.message ?? ''} ${file.testExecError?.message ?? ''}`) && DRIVES_WRTC.test(readFileSync(file.name, 'utf8')));
  return crashed.length === failed.length && crashed.length > 0 ? crashed.map((file) => file.name) : undefined;
}

const args = process.argv.slice(2);
const first = runJest(args);
if (first.status === 0) process.exit(0);
const again = crashedWrtcFiles(first.results);
if (again === undefined) process.exit(first.status);
console.error(
  `\n[runJest] Every failure above is a jest worker killed by SIGSEGV in a file that drives @roamhq/wrtc peers; running ${again.length === 1 ? 'it' : 'them'} once more, on ${again.length === 1 ? 'its' : 'their'} own:\n` +
    again.map((name) => `  ${relative(process.cwd(), name)}`).join('\n') +
    '\n',
);
const second = runJest([...args.filter((arg) => arg.startsWith('--maxWorkers')), ...again]);
process.exit(second.status);
