// Connection state recovery (RecoveryAdapter) with a real socket.io server and client: a
// connection cut and back within the window receives the notices it missed, in order, but not
// the live room's pushes sent meanwhile (views, counts, seats, who came and what they send) —
// the rejoin's answer brings those afresh.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { RecoveryAdapter } from '../../../server/realtime/RecoveryAdapter.js';

const ROOM = 'participant:p1';
let server: Server;
let url: string;
let client: ClientSocket;

beforeEach(async () => {
  const http = createServer();
  server = new Server(http, { adapter: RecoveryAdapter, connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false } });
  server.on('connection', (socket) => void socket.join(ROOM));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  client?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Every event the client receives, in order. */
function listen(socket: ClientSocket): Array<{ event: string; payload: unknown }> {
  const heard: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  return heard;
}

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

test('a connection back within the window gets the notices it missed but not the live room as it was meanwhile', async () => {
  client = connect(url, { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 50 });
  const heard = listen(client);
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await until(() => server.of('/').adapter.rooms.get(ROOM)?.size === 1, 'the socket to be in its room');
  server.to(ROOM).emit('courtroom:notice', { type: 'floorGranted' });
  await until(() => heard.length === 1, 'the first notice');

  // The network drops; while the client is away the court mutes them and their view changes.
  client.io.engine.close();
  await until(() => server.of('/').adapter.rooms.get(ROOM) === undefined, 'the server to see the drop');
  server.to(ROOM).emit('courtroom:state', { phase: 'recess' });
  server.to(ROOM).emit('courtroom:gallery', { count: 3 });
  server.to(ROOM).emit('courtroom:seated', { seat: 'consultation:c1', participants: [], producers: [], dominantSpeakerId: null });
  server.to(ROOM).emit('participant:joined', { participantId: 'p2', displayName: 'Ms Park', role: 'witness' });
  server.to(ROOM).emit('producer:added', { producerId: 'x', participantId: 'p2', kind: 'audio', source: 'microphone', paused: false });
  server.to(ROOM).emit('courtroom:notice', { type: 'mutedByCourt', sources: ['microphone'] });
  server.to(ROOM).emit('courtroom:notice', { type: 'floorRevoked' });

  await until(() => heard.length === 3, 'the missed notices');
  expect(client.recovered).toBe(true);
  expect(heard.map((h) => h.event)).toEqual(['courtroom:notice', 'courtroom:notice', 'courtroom:notice']);
  expect(heard.slice(1).map((h) => h.payload)).toEqual([{ type: 'mutedByCourt', sources: ['microphone'] }, { type: 'floorRevoked' }]);

  // Views still reach a connected client; they are just not kept for later.
  server.to(ROOM).emit('courtroom:state', { phase: 'inSession' });
  await until(() => heard.length === 4, 'the view sent once back');
  expect(heard[3]).toEqual({ event: 'courtroom:state', payload: { phase: 'inSession' } });
  const kept = (server.of('/').adapter as unknown as { packets: Array<{ data: unknown[] }> }).packets.map((p) => p.data[0]);
  expect(kept).toEqual(['courtroom:notice', 'courtroom:notice', 'courtroom:notice']);
});
