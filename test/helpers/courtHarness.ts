// Starts a real CrossCourt node for a test: real mediasoup workers, real socket.io, on free ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { types } from '../../media/mediasoup.js';
import { loadConfig } from '../../server/config.js';
import { startCourtServer, type CourtServerOptions, type RunningCourtServer } from '../../server/CourtServer.js';
import { createLogger } from '../../server/logger.js';
import type { Ack } from '../../server/protocol/ack.js';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import { withPeopleChanged } from '../../server/domain/hearing/presidingPeople.js';
import type {
  HearingClientToServerEvents,
  HearingReply,
  HearingRequest,
  HearingRequestPayload,
  HearingServerToClientEvents,
} from '../../server/protocol/hearingRoomEvents.js';

/** Cheap scrypt for tests; production uses DEFAULT_PASSWORD_COST. */
export const TEST_PASSWORD_COST = { N: 1024, r: 8, p: 1 };

/**
 * A node on free ports with its own temporary data folder (removed when it closes, unless
 * DATA_DIR is given: a test that restarts a node on the same record passes its own).
 */
export async function startTestCourt(env: Record<string, string> = {}, options: CourtServerOptions = {}): Promise<RunningCourtServer> {
  const ownDataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'crosscourt-data-')) : undefined;
  const config = loadConfig({
    ...(ownDataDir === undefined ? {} : { DATA_DIR: ownDataDir }),
    PORT: '0',
    MEDIA_PORT: '0',
    MEDIA_WORKERS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    CLIENT_DIR: 'client/dist',
    SHUTDOWN_GRACE_MS: '0',
    ...env,
  });
  const policy = { passwordCost: TEST_PASSWORD_COST, ...options.policy };
  const server = await startCourtServer(config, createLogger(config.logLevel), { ...options, policy }).catch((error: unknown) => {
    if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
    throw error;
  });
  if (ownDataDir === undefined) return server;
  return {
    ...server,
    close: async (reason?: string) => {
      await server.close(reason);
      rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}

export type HearingSocket = Socket<HearingServerToClientEvents, HearingClientToServerEvents>;


/** A real socket.io client speaking the hearing protocol, with promise-returning requests. */
export class SignallingClient {
  readonly socket: HearingSocket;

  readonly #pending = new Set<(reason: Error) => void>();

  private constructor(socket: HearingSocket) {
    this.socket = socket;
    socket.on('disconnect', (reason) => {
      for (const abandon of this.#pending) abandon(new Error(`disconnected (${reason}) before the acknowledgement`));
    });
  }

  /** Connects with a session's access token (see HearingCase.pass); undefined sends none. */
  static async connect(url: string, token: string | undefined): Promise<SignallingClient> {
    const socket: HearingSocket = connect(url, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
    return new SignallingClient(socket);
  }

  /** Sends an event and resolves with the raw acknowledgement, ok or not. */
  send<E extends HearingRequest>(event: E, payload: HearingRequestPayload<E> | unknown): Promise<Ack<HearingReply<E>>> {
    return new Promise((resolve, reject) => {
      const abandon = (reason: Error) => {
        clearTimeout(timer);
        this.#pending.delete(abandon);
        reject(reason);
      };
      const timer = setTimeout(() => abandon(new Error(`${event}: no acknowledgement within 10 s`)), 10_000);
      this.#pending.add(abandon);
      (this.socket.emit as (e: string, p: unknown, cb: (r: Ack<HearingReply<E>>) => void) => void)(event, payload, (response) => {
        clearTimeout(timer);
        this.#pending.delete(abandon);
        resolve(response);
      });
    });
  }

  /** Sends an event and resolves with its data; rejects with the error code when it fails. */
  async request<E extends HearingRequest>(event: E, payload: HearingRequestPayload<E>): Promise<HearingReply<E>> {
    const response = await this.send(event, payload);
    if (!response.ok) {
      throw Object.assign(new Error(`${event}: ${response.error.code}: ${response.error.message}`), { code: response.error.code });
    }
    return response.data;
  }

  next<E extends keyof HearingServerToClientEvents>(
    event: E,
    matching: (payload: Parameters<HearingServerToClientEvents[E]>[0]) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Parameters<HearingServerToClientEvents[E]>[0]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener as never);
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (payload: Parameters<HearingServerToClientEvents[E]>[0]) => {
        if (!matching(payload)) return;
        clearTimeout(timer);
        this.socket.off(event, listener as never);
        resolve(payload);
      };
      this.socket.on(event, listener as never);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every consumer the server's SFU holds from now on, as the media layer itself reports them (open ones only). */
export function watchConsumers(server: RunningCourtServer): Set<types.Consumer> {
  const consumers = new Set<types.Consumer>();
  for (const { worker } of server.pool.workers) {
    worker.observer.on('newrouter', (router) =>
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newconsumer', (consumer) => {
          consumers.add(consumer);
          consumer.observer.on('close', () => consumers.delete(consumer));
        }),
      ),
    );
  }
  return consumers;
}

/**
 * Follows a socket's courtroom as the page does: each courtroom:state and courtroom:seated, for
 * the presiding side each courtroom:people applied to the last view, and for the public gallery
 * each courtroom:galleryState with the `you` of the last view. Listens from before the join;
 * returns what to hand the join's answer to (the first view, unless a push came first).
 */
export function followCourtroom(socket: HearingSocket, onView: (view: CourtroomView) => void): (joined: CourtroomView) => void {
  let latest: CourtroomView | undefined;
  socket.on('courtroom:state', (view) => onView((latest = view)));
  socket.on('courtroom:seated', (seated) => onView((latest = seated.courtroom)));
  socket.on('courtroom:people', (change) => {
    if (latest?.you.presiding === true && latest.hearingId === change.hearingId) onView((latest = withPeopleChanged(latest, change)));
  });
  socket.on('courtroom:galleryState', (shared) => {
    if (latest?.you.seat === 'gallery') onView((latest = { ...shared, you: latest.you }));
  });
  return (joined) => {
    latest ??= joined;
  };
}
