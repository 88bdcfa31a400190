// The offline verifier (`npm run verify`) run as an operator runs it, in its own process. Never
// with spawnSync: a test's server shares the test's event loop, and a loop blocked for the seconds
// the verifier takes lets the server's keep-alive timers lapse under the next request (ECONNRESET).
import { spawn } from 'node:child_process';

export interface VerifierRun {
  /** The exit code: 0 verified, 1 not verified, 2 not readable. */
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runVerifier(args: string[]): Promise<VerifierRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/verifyCaseBundle.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
