// The signalling connection to the court server: one socket.io socket, typed with the shared
// event map, and `request()` which turns an acknowledgement into a value or a SignallingError.
import { io, type Socket } from 'socket.io-client';
import type { Ack, ErrorCode } from '../../server/protocol/ack.js';
import type {
  ConnectRefusal,
  HearingClientToServerEvents,
  HearingReply,
  HearingRequest,
  HearingRequestPayload,
  HearingServerToClientEvents,
} from '../../server/protocol/hearingRoomEvents.js';
import { msg, type Message } from './i18n.js';
import { TypedEmitter } from './typedEmitter.js';

type PushName = keyof HearingServerToClientEvents;

/** Server error codes, plus the two ways a request fails on this side of the wire. */
export type SignallingErrorCode = ErrorCode | 'TIMEOUT' | 'DISCONNECTED';

export class SignallingError extends Error {
  readonly code: SignallingErrorCode;

  constructor(code: SignallingErrorCode, message: string) {
    super(message);
    this.name = 'SignallingError';
    this.code = code;
  }
}

interface ConnectionEvents extends Record<string, unknown[]> {
  /** The socket is connected: the first time, or again after a drop. The server sees a new participant. */
  connected: [];
  /** The socket dropped; socket.io (or this class) is trying to reconnect unless `willReconnect` is false. */
  disconnected: [reason: string, willReconnect: boolean];
  /** The server refused our session (handshake auth); retrying with the same token cannot help. */
  identityRejected: [detail: string];
  /** The access token expired: refresh the session, then reconnect. */
  sessionExpired: [];
  /** Connecting failed for a reason a retry may cure (server down, network); socket.io retries. */
  connectFailed: [];
}

const REQUEST_TIMEOUT_MS = 15_000;
/** After the server itself disconnected us (it was shutting down), the first retry waits this long. */
const SERVER_DISCONNECT_RETRY_MS = 1_000;

interface LooseAckEmitter {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}

export class HearingConnection extends TypedEmitter<ConnectionEvents> {
  readonly #socket: Socket<HearingServerToClientEvents, HearingClientToServerEvents>;
  #closed = false;

  /** `token` is asked for on every (re)connection, so a refreshed session is used at once. */
  constructor(token: () => string) {
    super();
    this.#socket = io({ auth: (send) => send({ token: token() }), autoConnect: false });
    this.#socket.on('connect', () => this.safeEmit('connected'));
    this.#socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    this.#socket.on('connect_error', (error) => {
      const data = (error as Error & { data?: Partial<ConnectRefusal> }).data;
      if (data?.code === 'SESSION_EXPIRED') this.safeEmit('sessionExpired');
      else if (data?.code === 'UNAUTHENTICATED') this.safeEmit('identityRejected', data.message ?? error.message);
      else this.safeEmit('connectFailed');
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  open(): void {
    this.#socket.connect();
  }

  close(): void {
    this.#closed = true;
    this.#socket.disconnect();
  }

  /** Sends a request and resolves with the acknowledged data; rejects with a SignallingError. */
  async request<E extends HearingRequest>(event: E, payload: HearingRequestPayload<E>): Promise<HearingReply<E>> {
    if (!this.#socket.connected) throw new SignallingError('DISCONNECTED', `${event}: not connected to the server`);
    let ack: Ack<HearingReply<E>>;
    try {
      // socket.io's typings of emitWithAck do not survive a generic event name.
      const emitter = this.#socket.timeout(REQUEST_TIMEOUT_MS) as unknown as LooseAckEmitter;
      ack = (await emitter.emitWithAck(event, payload)) as Ack<HearingReply<E>>;
    } catch {
      const code = this.#socket.connected ? 'TIMEOUT' : 'DISCONNECTED';
      throw new SignallingError(code, `${event}: ${code === 'TIMEOUT' ? 'no answer in time' : 'disconnected'}`);
    }
    if (!ack.ok) throw new SignallingError(ack.error.code, ack.error.message);
    return ack.data;
  }

  /** Listens to an event the server pushes. */
  onPush<E extends PushName>(event: E, listener: HearingServerToClientEvents[E]): void {
    this.#socket.on(event, listener as never);
  }

  #onDisconnect(reason: Socket.DisconnectReason): void {
    // Requests queued while offline would reach the *next* connection, where the server knows
    // nothing of this one's transports: drop them; the hearing is set up again on reconnect.
    this.#socket.sendBuffer = [];
    if (this.#closed || reason === 'io client disconnect') {
      this.safeEmit('disconnected', reason, false);
      return;
    }
    // socket.io reconnects by itself after a network drop, but not when the server said goodbye.
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (!this.#closed) this.#socket.connect();
      }, SERVER_DISCONNECT_RETRY_MS);
    }
    this.safeEmit('disconnected', reason, true);
  }
}

/** What to tell the user about a failed request, in words a party can act on. */
export function failureMessage(error: unknown): Message {
  if (error instanceof SignallingError) {
    switch (error.code) {
      case 'HEARING_ROOM_UNAVAILABLE':
      case 'SERVER_SHUTTING_DOWN':
      case 'ALREADY_JOINED':
      case 'TIMEOUT':
      case 'DISCONNECTED':
      case 'HEARING_NOT_FOUND':
      case 'HEARING_NOT_OPEN':
      case 'HEARING_ADJOURNED':
      case 'HEARING_LOCKED':
      case 'HEARING_PHASE_NOT_ALLOWED':
      case 'REMOVED_FROM_HEARING':
      case 'NOT_PRESIDING':
      case 'NOT_IN_LOBBY':
      case 'NOT_ADMITTED':
      case 'NOT_IN_HEARING':
      case 'MUTED_BY_COURT':
      case 'FLOOR_NOT_GIVEN':
      case 'CONSULTATION_NOT_FOUND':
      case 'OATH_NOT_FOUND':
      case 'FORBIDDEN':
        return msg(`error.${error.code}`);
      default:
        return msg('error.other', { code: error.code });
    }
  }
  const name = error instanceof Error ? error.name : 'Error';
  return msg('error.local', { detail: name });
}
