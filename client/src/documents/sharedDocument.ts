// One document's shared text in this page: its Yjs document, the y-websocket connection to the
// court (the standard WebsocketProvider at the document's `syncPath`, with the session's access
// token as `?token=`), who else is in it (awareness: the court sets each person's name, role and
// colour), and what state the connection is in.
//
// Everything goes through the court: the provider's BroadcastChannel between tabs is off, so a
// tab that may only read cannot pass edits to a writer's tab in the same browser behind the
// server's back (rule 3: the server is the authority).
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { closeVerdict, type CloseName, type CloseVerdict, type ConnectionState } from './connectionState.js';
import type { Message } from '../i18n.js';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Why it is offline or refused. */
  readonly reason?: StatusReason;
}

/** A close code's meaning, or the court's refusal (over REST) in words. */
export type StatusReason = { readonly kind: 'close'; readonly name: CloseName | 'LOST' | 'OTHER' } | { readonly kind: 'problem'; readonly message: Message };

/** Someone in the document, as the court presents them. */
export interface Presence {
  readonly clientId: number;
  readonly name: string;
  readonly role: string;
  readonly colour: string;
  /** Whether they have a cursor in the text (an editor of theirs has focus). */
  readonly typing: boolean;
}

/** The court's answer, over REST, for a connection that closed before it opened. */
export type Diagnosis = { readonly refused: Message } | { readonly retry: true };

export interface SharedDocumentOptions {
  /** The `syncPath` of the document's REST record: `/docs/<documentId>`. */
  readonly syncPath: string;
  /** The access token to connect with, read at each (re)connection: it is renewed meanwhile. */
  readonly token: () => string | undefined;
  /** Asks the court why a connection was refused before it opened. */
  readonly diagnose: () => Promise<Diagnosis>;
  /** `ws(s)://host` of the court; the page's own by default. */
  readonly origin?: string;
}

/** The y-protocols "auth" message type, and its "permission denied" subtype. */
const MESSAGE_AUTH = 2;
const PERMISSION_DENIED = 0;
/**
 * The provider reconnects when it has heard nothing for 30 s. The court does not echo a
 * client's own awareness back to it (the reference server does), so a person alone in a
 * document would be cut off twice a minute; asking for the document's state this often keeps
 * the connection hearing something (one small message each way).
 */
const RESYNC_MS = 10_000;
const MAX_BACKOFF_MS = 5_000;

type StatusListener = (status: ConnectionStatus) => void;

export class SharedDocument {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly #diagnose: () => Promise<Diagnosis>;
  readonly #statusListeners = new Set<StatusListener>();
  readonly #deniedListeners = new Set<(reason: string) => void>();
  readonly #presenceListeners = new Set<(present: Presence[]) => void>();
  #status: ConnectionStatus = { state: 'connecting' };
  #opened = false;
  #diagnosing = false;
  #destroyed = false;

  constructor(options: SharedDocumentOptions) {
    this.#diagnose = options.diagnose;
    const slash = options.syncPath.lastIndexOf('/');
    const origin = options.origin ?? `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`;
    const token = options.token;
    // A getter: the provider builds its URL from these parameters at every (re)connection.
    const params = {
      get token(): string {
        return token() ?? '';
      },
    };
    this.provider = new WebsocketProvider(`${origin}${options.syncPath.slice(0, slash)}`, options.syncPath.slice(slash + 1), this.doc, {
      params: params as unknown as Record<string, string>,
      disableBc: true,
      resyncInterval: RESYNC_MS,
      maxBackoffTime: MAX_BACKOFF_MS,
    });
    this.#listen();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  onStatus(listener: StatusListener): void {
    this.#statusListeners.add(listener);
    listener(this.#status);
  }

  /** The court said it drops this page's edits (a reader, or the document was locked). */
  onDenied(listener: (reason: string) => void): void {
    this.#deniedListeners.add(listener);
  }

  onPresence(listener: (present: Presence[]) => void): void {
    this.#presenceListeners.add(listener);
    listener(this.present());
  }

  /** Everyone else in the document now. */
  present(): Presence[] {
    const present: Presence[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.doc.clientID) continue;
      const user = (state as { user?: { name?: unknown; role?: unknown; colour?: unknown } }).user;
      if (user === undefined || typeof user.name !== 'string') continue;
      present.push({
        clientId,
        name: user.name,
        role: typeof user.role === 'string' ? user.role : '',
        colour: typeof user.colour === 'string' ? user.colour : '#7f7f7f',
        typing: (state as { cursor?: unknown }).cursor != null,
      });
    }
    return present.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.provider.destroy();
    this.doc.destroy();
    this.#statusListeners.clear();
    this.#deniedListeners.clear();
    this.#presenceListeners.clear();
  }

  #listen(): void {
    const provider = this.provider;
    provider.on('status', ({ status }) => {
      if (status === 'connected') this.#opened = true;
      if (status === 'connecting') this.#opened = false;
      // Reconnecting after a loss: still offline (with its reason) until the text is in sync.
      if (status === 'connected' || (status === 'connecting' && this.#status.state === 'connecting')) this.#setStatus({ state: 'connecting' });
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) this.#setStatus({ state: 'synced' });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (this.#destroyed || this.#status.state === 'refused') return;
      this.#onClose(closeVerdict(event === null ? null : event.code, this.#opened));
    });
    // The provider's own handler only logs "permission denied"; the page shows it.
    const handlers = provider.messageHandlers as unknown as Array<(encoder: unknown, decoder: decoding.Decoder) => void>;
    handlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) !== PERMISSION_DENIED) return;
      const reason = decoding.readVarString(decoder);
      for (const listener of this.#deniedListeners) listener(reason);
    };
    this.awareness.on('change', () => {
      const present = this.present();
      for (const listener of this.#presenceListeners) listener(present);
    });
  }

  #onClose(verdict: CloseVerdict): void {
    switch (verdict.state) {
      case 'refused':
        this.#refuse({ state: 'refused', reason: { kind: 'close', name: verdict.reason } });
        return;
      case 'offline':
        this.#setStatus(verdict.reason === null ? { state: 'offline' } : { state: 'offline', reason: { kind: 'close', name: verdict.reason } });
        return;
      case 'diagnose':
        if (this.#status.state !== 'offline') this.#setStatus({ state: 'offline' });
        void this.#askWhy();
    }
  }

  /** One question at a time; the provider keeps retrying meanwhile (with its backoff). */
  async #askWhy(): Promise<void> {
    if (this.#diagnosing) return;
    this.#diagnosing = true;
    try {
      const diagnosis = await this.#diagnose();
      if (this.#destroyed) return;
      if ('refused' in diagnosis) this.#refuse({ state: 'refused', reason: { kind: 'problem', message: diagnosis.refused } });
    } catch {
      // No answer either: the network or the server is down; the provider keeps trying.
    } finally {
      this.#diagnosing = false;
    }
  }

  #refuse(status: ConnectionStatus): void {
    // The status first: disconnecting closes the socket again, and that close is not news.
    this.#setStatus(status);
    this.provider.disconnect();
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status.state === 'refused') return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }
}
