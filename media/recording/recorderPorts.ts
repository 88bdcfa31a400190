// The local UDP ports a recorder listens on: an even port for RTP and the next one for RTCP (as
// ffmpeg's RTP input expects), on 127.0.0.1, found free by binding them for a moment. Another
// process may take them before ffmpeg does; ffmpeg then fails and the recorder starts again on
// new ports.
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

export const RECORDER_IP = '127.0.0.1';

const ATTEMPTS = 20;

export async function freeRtpPortPair(): Promise<{ port: number; rtcpPort: number }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await bindAndRelease(0);
    const even = port % 2 === 0 ? port : port + 1;
    if (even + 1 > 65535) continue;
    if ((await tryPort(even)) && (await tryPort(even + 1))) return { port: even, rtcpPort: even + 1 };
  }
  throw new Error(`no free pair of UDP ports on ${RECORDER_IP} after ${ATTEMPTS} attempts`);
}

/**
 * Whether some process (the recorder) has bound this UDP port, read from the kernel's socket
 * table: looking does not take the port, as binding it to test would. Undefined where there is
 * no such table to read (not Linux).
 */
export async function udpPortBound(port: number): Promise<boolean | undefined> {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const tables = await Promise.all(['/proc/net/udp', '/proc/net/udp6'].map((table) => readFile(table, 'utf8').catch(() => undefined)));
  if (tables.every((text) => text === undefined)) return undefined;
  return tables.some((text) => (text ?? '').split('\n').slice(1).some((line) => line.trim().split(/\s+/)[1]?.endsWith(suffix)));
}

async function tryPort(port: number): Promise<boolean> {
  return bindAndRelease(port).then(
    () => true,
    () => false,
  );
}

function bindAndRelease(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, RECORDER_IP, () => {
      const bound = socket.address().port;
      socket.close(() => resolve(bound));
    });
  });
}
