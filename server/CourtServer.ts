// Assembles one CrossCourt node: the case record (store, evidence folder, keys), the media worker
// pool, the hearing rooms, express (REST under /api) and socket.io on one HTTP port. main.ts
// starts it for real; tests start it on free ports.
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
import { DocumentSync } from './docs/DocumentSync.js';
import { caseRecordApi } from './http/api/caseRecordApi.js';
import { healthRoutes } from './http/healthRoutes.js';
import { notFound, problemHandler } from './http/problem.js';
import { Courtrooms } from './realtime/Courtrooms.js';
import { HearingRecorders } from './realtime/HearingRecorders.js';
import { HearingReminders } from './realtime/HearingReminders.js';
import { broadcastRoomEvents, hearingRoomHandlers } from './realtime/hearingRoomHandlers.js';
import { LanguageChannels } from './realtime/LanguageChannels.js';
import { RecoveryAdapter } from './realtime/RecoveryAdapter.js';
import { RoundClock } from './realtime/RoundClock.js';
import { caseChannel, inboxChannel, participantChannel } from './realtime/socketTypes.js';
import { TrialPushes } from './realtime/TrialPushes.js';
import { SignedWebhook } from './notifications/SignedWebhook.js';
import { sessionMiddleware } from './realtime/identity.js';
import type { CourtServer as SocketServer } from './realtime/socketTypes.js';
import { Court, DEFAULT_COURT_POLICY, type CourtPolicy } from './record/Court.js';
import { openRecordStore } from './store/openRecordStore.js';

export interface RunningCourtServer {
  readonly url: string;
  readonly port: number;
  readonly pool: WorkerPool;
  readonly rooms: HearingRooms;
  readonly io: SocketServer;
  readonly court: Court;
  /** The live courtrooms of this node (hearings being held). */
  readonly courtrooms: Courtrooms;
  readonly reminders: HearingReminders;
  /** The official recordings running on this node. */
  readonly recorders: HearingRecorders;
  /** The asynchronous trial's clock: reveals and closes rounds at their deadlines, sends reminders. */
  readonly roundClock: RoundClock;
  /** Document sync (y-websocket) under /docs/ on the same port. */
  readonly docs: DocumentSync;
  /** Graceful: stop accepting, tell every client, close sockets and media workers. */
  close(reason?: string): Promise<void>;
}

export interface CourtServerOptions {
  /** Overrides of the court's policy (session lifetimes, lockout, rate limits): tests shorten them. */
  policy?: Partial<CourtPolicy>;
  now?: () => Date;
}

export async function startCourtServer(config: CourtConfig, logger: Logger, options: CourtServerOptions = {}): Promise<RunningCourtServer> {
  const store = await openRecordStore(config.storage);
  let court: Court;
  try {
    const policy: CourtPolicy = { ...DEFAULT_COURT_POLICY, evidenceMaxBytes: config.evidenceMaxBytes, ...options.policy };
    court = await Court.open(store, config.storage.evidenceDir, policy, options.now);
  } catch (error) {
    await store.close();
    throw error;
  }
  logger.info({ storage: store.backend, evidenceDir: config.storage.evidenceDir }, 'case record open');
  const pool = await WorkerPool.create({ ...config.media, logger }).catch(async (error: unknown) => {
    await court.close();
    throw error;
  });
  const rooms = new HearingRooms(pool, logger);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRoutes({ problems: () => (pool.healthy ? [] : ['a media worker is not running']) }));
  app.use('/api', caseRecordApi(court, logger, config.publicUrl));
  const clientDir = resolve(config.clientDir);
  if (existsSync(clientDir)) app.use(express.static(clientDir));
  else logger.warn({ clientDir }, 'client build not found; run "npm run build:client" to serve the browser app');
  app.use(notFound);
  app.use(problemHandler(logger));

  const httpServer: HttpServer = createServer(app);
  const io: SocketServer = new Server(httpServer, {
    maxHttpBufferSize: 1e6,
    serveClient: false,
    // Upgrades to other paths are document sync's (server/docs), which refuses the unknown ones.
    destroyUpgrade: false,
    // A dropped connection that comes back within the window gets the pushes it missed
    // (notices, seats; not the views its join's answer brings afresh: RecoveryAdapter); the
    // session middleware runs again all the same.
    connectionStateRecovery: { maxDisconnectionDuration: config.reconnectWindowMs, skipMiddlewares: false },
    adapter: RecoveryAdapter,
  });
  io.use(sessionMiddleware(court.authenticator));
  const recorders = new HearingRecorders(rooms, court.recordings, logger, { now: court.now });
  rooms.onRoomOpened = (room) => {
    broadcastRoomEvents(io, room);
    recorders.attach(room);
  };
  const courtrooms = new Courtrooms(io, rooms, court.hearings, logger, { reconnectWindowMs: config.reconnectWindowMs, now: () => court.now().getTime(), recorders });
  const channels = new LanguageChannels(io, rooms, court.hearings, courtrooms, logger, court.cases);
  const sweeping = setInterval(() => void courtrooms.sweep().catch((error: unknown) => logger.error({ err: error }, 'courtroom sweep failed')), 5_000);
  sweeping.unref();
  const reminders = new HearingReminders(io, court.hearings, logger, config.hearingReminderMs);
  const reminding = setInterval(() => void reminders.check().catch((error: unknown) => logger.error({ err: error }, 'hearing reminders failed')), 30_000);
  reminding.unref();
  new TrialPushes(io, court.trial, logger);
  const { webhook } = config.trial;
  const roundClock = new RoundClock(io, court.trial, logger, {
    reminderOffsetsMinutes: config.trial.reminderOffsetsMinutes,
    now: court.now,
    ...(webhook === undefined ? {} : { webhook: new SignedWebhook({ ...webhook, logger }) }),
  });
  const ticking = setInterval(() => void roundClock.check().catch((error: unknown) => logger.error({ err: error }, 'the round clock failed')), config.trial.clockMs);
  ticking.unref();
  const hearingRoom = hearingRoomHandlers({ rooms, courtrooms, hearings: court.hearings, access: court.access, evidence: court.evidence, logger, channels });
  io.on('connection', (socket) => {
    // Reminders and other news of the person's cases reach every page they have open.
    // The trial's pushes reach the person's own inbox in each case (their view, nobody else's).
    // A party's session names its one case, and the session middleware has just found them still
    // in it: nothing to read. Staff may sit in many.
    const { principal } = socket.data;
    if (principal.kind === 'participant') void socket.join([caseChannel(principal.caseId), inboxChannel(principal.participantId)]);
    else void court.cases.casesOf(principal).then((cases) => socket.join(cases.flatMap(({ courtCase, you }) => [caseChannel(courtCase.id), inboxChannel(you.id)])));
    // A recovered socket's hearing was left when it dropped (the seat is kept): it joins again.
    if (socket.recovered) {
      delete socket.data.roomId;
      delete socket.data.member;
    }
    hearingRoom(socket);
  });
  // Removed from the case means out of its hearing at once, not when the session expires.
  court.cases.observer.on('participantRemoved', (participant) => io.in(participantChannel(participant.id)).disconnectSockets(true));
  const docs = DocumentSync.attach(httpServer, court, logger);

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
      clearInterval(sweeping);
      clearInterval(reminding);
      clearInterval(ticking);
      pool.stopReplacing();
      httpServer.close(); // stop accepting new connections
      io.emit('server:shutdown', { code: 'SERVER_SHUTTING_DOWN', reason });
      await new Promise((r) => setTimeout(r, Math.min(config.shutdownGraceMs, 200)));
      io.disconnectSockets(true);
      // Before io.close(), which waits for the HTTP server, and so for every upgraded socket.
      await docs.close();
      await new Promise<void>((done) => io.close(() => done()));
      // Every file closed and its hash on the ledger before the media goes.
      await recorders.stopAll('court:shutdown').catch((error: unknown) => logger.error({ err: error }, 'recordings not closed at shutdown'));
      rooms.closeAll();
      await pool.close();
      httpServer.closeAllConnections();
      await court.close();
    })());

  return { url, port, pool, rooms, io, court, courtrooms, reminders, recorders, roundClock, docs, close };
}
