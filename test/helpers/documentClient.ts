// Clients of document sync for tests: the real y-websocket WebsocketProvider (as a browser runs
// it, with ws as its WebSocket), and a raw WebSocket that speaks the protocol byte by byte, for
// what a well-behaved provider never sends.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { waitFor } from './courtHarness.js';

/** A Yjs document connected through a real WebsocketProvider. */
export class DocumentPeer {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Close events the provider saw (code, reason). */
  readonly closes: Array<{ code: number; reason: string }> = [];
  /** Reasons of "permission denied" messages the server sent. */
  readonly denials: string[] = [];

  constructor(serverUrl: string, documentId: string, token: string | undefined, options: { connect?: boolean } = {}) {
    this.provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/docs`, documentId, this.doc, {
      WebSocketPolyfill: WebSocket as never,
      params: token === undefined ? {} : { token },
      // In Node a BroadcastChannel would join peers of one process behind the server's back.
      disableBc: true,
      maxBackoffTime: 200,
      connect: options.connect ?? true,
    });
    this.provider.on('connection-close', (event) => {
      if (event !== null) this.closes.push({ code: event.code, reason: event.reason });
    });
    // The provider's own auth handler only logs; keep what the server said.
    const messageHandlers = this.provider.messageHandlers as unknown as Array<(encoder: unknown, decoder: decoding.Decoder) => void>;
    messageHandlers[2] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) === 0) this.denials.push(decoding.readVarString(decoder));
    };
  }

  get text(): Y.Text {
    return this.doc.getText('body');
  }

  /** Resolves once the provider has synced with the server. */
  async synced(timeoutMs = 10_000): Promise<this> {
    await waitFor(() => this.provider.synced, 'the provider to sync', timeoutMs);
    return this;
  }

  type(text: string, at = this.text.length): void {
    this.text.insert(at, text);
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

export async function openPeer(server: RunningCourtServer, documentId: string, token: string | undefined): Promise<DocumentPeer> {
  return new DocumentPeer(server.url, documentId, token).synced();
}

/** What a refused upgrade answered: the HTTP status and its problem+json body. */
export async function refusalOf(server: RunningCourtServer, path: string): Promise<{ status: number; body: any }> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`);
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.terminate();
      reject(new Error(`${path} was accepted`));
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) }));
    });
    ws.on('error', () => {});
  });
}

export function syncPath(documentId: string, token?: string): string {
  return `/docs/${documentId}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
}

/** A raw protocol client: sends any bytes, keeps every message and the close. */
export class RawDocumentSocket {
  readonly ws: WebSocket;
  readonly messages: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => this.messages.push(new Uint8Array(data)));
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(server: RunningCourtServer, documentId: string, token: string): Promise<RawDocumentSocket> {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${syncPath(documentId, token)}`);
    const socket = new RawDocumentSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }

  send(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  close(): void {
    this.ws.close();
  }
}

/** Opens a raw connection, or says how the upgrade was refused. */
export async function openOrRefusal(server: RunningCourtServer, documentId: string, token: string): Promise<{ socket: RawDocumentSocket } | { refusal: { status: number; body: any } }> {
  try {
    return { socket: await RawDocumentSocket.open(server, documentId, token) };
  } catch {
    return { refusal: await refusalOf(server, syncPath(documentId, token)) };
  }
}

/**
 * Sends an edit and finds out what became of it: 'refused' when the server says the connection
 * only reads, 'written' once the server's own document (asked with sync step 1) holds it.
 */
export async function tryToWrite(socket: RawDocumentSocket, text: string, timeoutMs = 10_000): Promise<'written' | 'refused'> {
  socket.send(syncMessage(2, insertUpdate(text)));
  const deadline = Date.now() + timeoutMs;
  for (let seen = 0; Date.now() < deadline; ) {
    for (; seen < socket.messages.length; seen++) {
      const decoder = decoding.createDecoder(socket.messages[seen]!);
      const type = decoding.readVarUint(decoder);
      if (type === 2) return 'refused';
      if (type !== 0 || decoding.readVarUint(decoder) !== 1) continue;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      const found = doc.getText('body').toString().includes(text);
      doc.destroy();
      if (found) return 'written';
    }
    socket.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the edit "${text}" was neither refused nor written within ${timeoutMs} ms`);
}

/** A y-websocket sync message: step 1 (a state vector), step 2 or update (a Yjs update). */
export function syncMessage(step: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** A Yjs update that inserts `text` into the 'body' text of a fresh document. */
export function insertUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The document's text as the store holds it: its snapshot and updates, applied to a fresh doc. */
export async function storedText(server: RunningCourtServer, documentId: string): Promise<string> {
  const doc = new Y.Doc();
  for (const update of await server.court.documents.loadUpdates(documentId)) Y.applyUpdate(doc, update);
  const text = doc.getText('body').toString();
  doc.destroy();
  return text;
}
