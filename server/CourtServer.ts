// Assembles one CrossCourt node: the media worker pool, the hearing rooms, express and socket.io
// on one HTTP port. main.ts starts it for real; tests start it on free ports.
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { HearingRooms } from '../media/HearingRooms.js';
import { WorkerPool } from '../media/WorkerPool.js';
import type { CourtConfig } from './config.js';
import { healthRoutes } from './http/healthRoutes.js';
import { notFound, problemHandler } from './http/problem.js';
import { broadcastRoomEvents, HearingRoster, registerHearingRoomHandlers } from './realtime/hearingRoomHandlers.js';
import { identityMiddleware } from './realtime/identity.js';
import type { CourtServer as SocketServer } from './realtime/socketTypes.js';

export interface RunningCourtServer {
  readonly url: string;
  readonly port: number;
  readonly pool: WorkerPool;
  readonly rooms: HearingRooms;
  readonly io: SocketServer;
  /** Graceful: stop accepting, tell every client, close sockets and media workers. */
  close(reason?: string): Promise<void>;
}

export async function startCourtServer(config: CourtConfig, logger: Logger): Promise<RunningCourtServer> {
  const pool = await WorkerPool.create({ ...config.media, logger });
  const rooms = new HearingRooms(pool, logger);
  const roster = new HearingRoster();

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes({ problems: () => (pool.healthy ? [] : ['a media worker is not running']) }));
  const clientDir = resolve(config.clientDir);
  if (existsSync(clientDir)) app.use(express.static(clientDir));
  else logger.warn({ clientDir }, 'client build not found; run "npm run build:client" to serve the browser app');
  app.use(notFound);
  app.use(problemHandler(logger));

  const httpServer: HttpServer = createServer(app);
  const io: SocketServer = new Server(httpServer, { maxHttpBufferSize: 1e6, serveClient: false });
  io.use(identityMiddleware);
  rooms.onRoomOpened = (room) => broadcastRoomEvents(io, room);
  io.on('connection', (socket) => registerHearingRoomHandlers(socket, rooms, roster, logger));

  await new Promise<void>((done, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', fail);
      done();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, mediaWorkers: pool.workers.length }, 'CrossCourt is listening');

  let closing: Promise<void> | undefined;
  const close = (reason = 'the server is shutting down') =>
    (closing ??= (async () => {
      logger.info({ reason }, 'shutting down');
      pool.stopReplacing();
      httpServer.close(); // stop accepting new connections
      io.emit('server:shutdown', { code: 'SERVER_SHUTTING_DOWN', reason });
      await new Promise((r) => setTimeout(r, Math.min(config.shutdownGraceMs, 200)));
      io.disconnectSockets(true);
      await new Promise<void>((done) => io.close(() => done()));
      rooms.closeAll();
      await pool.close();
      httpServer.closeAllConnections();
    })());

  return { url, port, pool, rooms, io, close };
}
