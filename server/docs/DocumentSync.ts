// Document sync on the court's own HTTP port: WebSocket upgrades to /docs/<documentId>?token=…
// are checked — the session (as REST and socket.io check it), then the case's permission table
// through CaseDocuments — and refused with an HTTP status before any protocol switch; the
// accepted ones speak the y-websocket protocol with the document's room. socket.io keeps its own
// path (/socket.io/); any other upgrade is refused with 404.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { CourtError } from '../domain/CourtError.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import type { RequestOrigin } from '../domain/identity/principal.js';
import { statusOf } from '../http/problemStatus.js';
import { UUID } from '../protocol/caseRecordSchemas.js';
import { DOCUMENT_CLOSE, DOCUMENT_MESSAGE_LIMIT, DOCUMENT_SYNC_PATH } from '../protocol/documentSync.js';
import type { Court } from '../record/Court.js';
import type { DocumentTurn, LiveDocuments, SyncGrant } from '../record/CaseDocuments.js';
import { DocumentConnection } from './DocumentConnection.js';
import { DocumentRoom } from './DocumentRoom.js';

const SOCKET_IO_PATH = '/socket.io/';
const KEEPALIVE_MS = 30_000;

export interface DocumentSyncOptions {
  /** Where socket.io listens, so its upgrades are left to it. */
  socketIoPath?: string;
  keepaliveMs?: number;
}

export class DocumentSync implements LiveDocuments {
  readonly #httpServer: HttpServer;
  readonly #court: Court;
  readonly #logger: Logger;
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Promise<DocumentRoom>>();
  readonly #connections = new Set<DocumentConnection>();
  readonly #socketIoPath: string;
  readonly #keepalive: NodeJS.Timeout;
  readonly #onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  readonly #onRemoved: (participant: CaseParticipant) => void;
  readonly #onSnapshotFailed: (documentId: string, error: unknown) => void;
  #closing: Promise<void> | undefined;

  private constructor(httpServer: HttpServer, court: Court, logger: Logger, options: DocumentSyncOptions) {
    this.#httpServer = httpServer;
    this.#court = court;
    this.#logger = logger.child({ component: 'docs' });
    this.#socketIoPath = options.socketIoPath ?? SOCKET_IO_PATH;
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: DOCUMENT_MESSAGE_LIMIT, perMessageDeflate: false });
    this.#onUpgrade = (req, socket, head) => void this.#upgrade(req, socket, head);
    httpServer.on('upgrade', this.#onUpgrade);
    this.#keepalive = setInterval(() => this.#ping(), options.keepaliveMs ?? KEEPALIVE_MS);
    this.#keepalive.unref();
    // Removed from the case means out of its documents at once, not when the session expires.
    this.#onRemoved = (participant) => {
      for (const connection of this.#connections) {
        if (connection.grant.participantId === participant.id) connection.close(DOCUMENT_CLOSE.ACCESS_REVOKED, 'you no longer take part in this case');
      }
    };
    court.cases.observer.on('participantRemoved', this.#onRemoved);
    this.#onSnapshotFailed = (documentId, error) => this.#logger.error({ err: error, documentId }, 'a document snapshot could not be written; its updates are safe in the log');
    court.documents.observer.on('snapshotFailed', this.#onSnapshotFailed);
    court.documents.attachLive(this);
  }

  /** Starts answering document upgrades on the server. */
  static attach(httpServer: HttpServer, court: Court, logger: Logger, options: DocumentSyncOptions = {}): DocumentSync {
    return new DocumentSync(httpServer, court, logger, options);
  }

  /**
   * Stops taking connections, closes the open ones (1001) and waits until every edit received
   * is stored, so the store can be closed after it.
   */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      clearInterval(this.#keepalive);
      this.#httpServer.off('upgrade', this.#onUpgrade);
      this.#court.cases.observer.off('participantRemoved', this.#onRemoved);
      this.#court.documents.observer.off('snapshotFailed', this.#onSnapshotFailed);
      this.#court.documents.detachLive(this);
      for (const connection of this.#connections) connection.close(DOCUMENT_CLOSE.SHUTTING_DOWN, 'the server is shutting down');
      const rooms = await Promise.allSettled([...this.#rooms.values()]);
      for (const room of rooms) if (room.status === 'fulfilled') await room.value.idle();
      await this.#court.documents.settled();
      for (const connection of this.#connections) connection.terminate();
      for (const room of rooms) if (room.status === 'fulfilled') room.value.destroy();
      this.#rooms.clear();
      await new Promise<void>((done) => this.#wss.close(() => done()));
    })());
  }

  /**
   * The court's turn at a document's live text on this node (loaded for it if no one is
   * connected): see DocumentRoom.turn.
   */
  async inTurn<T>(documentId: string, task: (turn: DocumentTurn) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) throw new CourtError('SERVER_SHUTTING_DOWN', 'the server is shutting down; try again shortly');
    const room = await this.#reserveRoom(documentId);
    try {
      return await room.turn(task);
    } finally {
      room.release();
    }
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith(this.#socketIoPath)) return;
    socket.on('error', () => {}); // a client that hangs up during the checks
    try {
      if (!path.startsWith(`${DOCUMENT_SYNC_PATH}/`)) throw new UpgradeRefusal(404, 'NOT_FOUND', `no WebSocket endpoint at ${path}; documents are at ${DOCUMENT_SYNC_PATH}/<documentId>`);
      if (this.#closing !== undefined) throw new UpgradeRefusal(503, 'SERVER_SHUTTING_DOWN', 'the server is shutting down; connect again shortly');
      const documentId = path.slice(DOCUMENT_SYNC_PATH.length + 1);
      if (!UUID.test(documentId)) throw new CourtError('DOCUMENT_NOT_FOUND', `there is no document ${documentId.slice(0, 64)}`);
      const grant = await this.#grant(req, documentId);
      const room = await this.#reserveRoom(documentId);
      if (!socket.writable || this.#closing !== undefined) {
        room.release();
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = new DocumentConnection(ws, room, grant, this.#logger);
        this.#connections.add(connection);
        connection.start((closed) => this.#connections.delete(closed));
        room.release();
      });
    } catch (error) {
      refuse(socket, error, this.#logger);
    }
  }

  async #grant(req: IncomingMessage, documentId: string): Promise<SyncGrant> {
    const token = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('token');
    if (token === null || token === '') throw new CourtError('UNAUTHENTICATED', 'connect with ?token=<access token> (WebsocketProvider params: { token }): sign in or open your invitation first');
    const principal = await this.#court.authenticator.principalOf(token);
    const origin: RequestOrigin = { ip: req.socket.remoteAddress ?? 'unknown', userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200), via: 'socket' };
    return this.#court.documents.openForSync(principal, documentId, origin);
  }

  /** The document's room, loaded once however many connect at the same moment, and held for us. */
  async #reserveRoom(documentId: string): Promise<DocumentRoom> {
    for (;;) {
      let loading = this.#rooms.get(documentId);
      if (loading === undefined) {
        loading = DocumentRoom.load(documentId, this.#court.documents, this.#logger);
        this.#rooms.set(documentId, loading);
        loading.then(
          (room) => {
            room.onEmpty = (empty) => {
              if (this.#rooms.get(documentId) === loading) this.#rooms.delete(documentId);
              empty.destroy();
            };
          },
          () => {
            if (this.#rooms.get(documentId) === loading) this.#rooms.delete(documentId);
          },
        );
      }
      const room = await loading;
      if (room.reserve()) return room;
    }
  }

  #ping(): void {
    for (const connection of this.#connections) if (!connection.ping()) connection.terminate();
  }
}

class UpgradeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An HTTP answer instead of the protocol switch: the status and a problem+json body. */
function refuse(socket: Duplex, error: unknown, logger: Logger): void {
  let status = 500;
  let code = 'INTERNAL_ERROR';
  let detail = 'the server failed; it has been logged';
  if (error instanceof UpgradeRefusal) ({ status, code, message: detail } = error);
  else if (error instanceof CourtError) ({ status, code, detail } = { status: statusOf(error.code), code: error.code, detail: error.message });
  else logger.error({ err: error }, 'a document connection could not be opened');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ type: 'about:blank', title: code, status, code, detail });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
