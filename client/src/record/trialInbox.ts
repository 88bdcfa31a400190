// The case page's line to the court for the asynchronous trial: one socket.io socket that the
// server puts in the viewer's own inbox channel, typed with the shared event map
// (server/protocol/trialEvents.ts). The pushes carry the viewer's own view of a round, filtered
// by the court as REST filters it; this page only shows them. Closed when the page is left.
import { io, type Socket } from 'socket.io-client';
import type { ConnectRefusal } from '../../../server/protocol/hearingRoomEvents.js';
import type { TrialServerToClientEvents } from './apiTypes.js';
import type { SessionKeeper } from './session.js';

export type InboxState = 'connecting' | 'connected' | 'offline';

type Listeners = { [E in keyof TrialServerToClientEvents]?: TrialServerToClientEvents[E] };

export class TrialInbox {
  readonly #socket: Socket<TrialServerToClientEvents, Record<string, never>>;
  readonly #session: SessionKeeper;
  #state: InboxState = 'connecting';
  readonly #stateListeners = new Set<(state: InboxState) => void>();

  constructor(session: SessionKeeper, listeners: Listeners, signal: AbortSignal) {
    this.#session = session;
    this.#socket = io({
      // Asked on every (re)connection, so a renewed session is used at once.
      auth: (send) => void session.accessToken().then((token) => send({ token: token ?? '' })),
      autoConnect: false,
    });
    for (const [event, listener] of Object.entries(listeners)) this.#socket.on(event as keyof TrialServerToClientEvents, listener as never);
    this.#socket.on('connect', () => this.#set('connected'));
    this.#socket.on('disconnect', () => this.#set('offline'));
    this.#socket.on('connect_error', (error) => void this.#refused(error));
    signal.addEventListener('abort', () => this.#socket.disconnect(), { once: true });
    this.#socket.connect();
  }

  get state(): InboxState {
    return this.#state;
  }

  /** Adds a listener for a push (other panels of the page share this one socket). */
  on<E extends keyof TrialServerToClientEvents>(event: E, listener: TrialServerToClientEvents[E]): void {
    this.#socket.on(event, listener as never);
  }

  onState(listener: (state: InboxState) => void): void {
    this.#stateListeners.add(listener);
  }

  /** A refusal from the court's session check is not retried by socket.io: renew, then try once more. */
  async #refused(error: Error): Promise<void> {
    this.#set('offline');
    const data = (error as Error & { data?: Partial<ConnectRefusal> }).data;
    if (data?.code === 'SESSION_EXPIRED' && (await this.#session.refresh())) this.#socket.connect();
  }

  #set(state: InboxState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}
