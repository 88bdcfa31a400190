// One WebSocket speaking the y-websocket protocol with one document, for one participant whose
// access (write or read) was decided when it opened. Here the court's rules meet the protocol:
//   - a reader's sync step 2 and updates are dropped — never stored, never relayed — and the
//     reader is told once (y-protocols' "permission denied"); its sync step 1 is answered;
//   - an awareness state shows the name, role and colour of the session, whatever the client
//     claims, and a connection changes or removes only the client ids it introduced (or that the
//     same person introduced on a connection it replaces);
//   - anything malformed closes the connection before any of it is stored.
import type { Logger } from 'pino';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebSocket, RawData } from 'ws';
import { presentedState } from '../domain/documents/presence.js';
import { DOCUMENT_CLOSE } from '../protocol/documentSync.js';
import type { SyncGrant } from '../record/CaseDocuments.js';
import { encodeAwarenessEntries, readAwarenessEntries, type AwarenessEntry } from './awarenessEntries.js';
import type { DocumentRoom } from './DocumentRoom.js';
import { awarenessMessage, MalformedMessageError, permissionDeniedMessage, readClientMessage, syncStep1Message, syncStep2Message } from './syncMessages.js';
import { changesDocument } from './updateEffect.js';

/** Awareness client ids one connection may introduce (a provider uses one per document). */
export const MAX_AWARENESS_CLIENTS = 4;
/** Bytes waiting to be sent to a connection before it is let go as too slow. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class DocumentConnection {
  readonly grant: SyncGrant;
  readonly #ws: WebSocket;
  readonly #room: DocumentRoom;
  readonly #logger: Logger;
  #alive = true;
  #toldReadOnly = false;
  /** Set once we close it: what it still sends is not read. */
  #closed = false;

  constructor(ws: WebSocket, room: DocumentRoom, grant: SyncGrant, logger: Logger) {
    this.#ws = ws;
    this.#room = room;
    this.grant = grant;
    this.#logger = logger;
  }

  /** Joins the room and starts the protocol: our state vector, then who is here. */
  start(onClosed: (connection: DocumentConnection) => void): void {
    const ws = this.#ws;
    this.#room.join(this);
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(data, isBinary));
    ws.on('pong', () => {
      this.#alive = true;
    });
    // A frame over the limit or a broken frame: ws closes the connection itself (1009, 1002…).
    ws.on('error', (error) => this.#logger.debug({ err: error, documentId: this.#room.documentId }, 'document connection error'));
    ws.on('close', () => {
      this.#room.leave(this);
      onClosed(this);
    });
    this.send(syncStep1Message(this.#room.doc));
    const present = [...this.#room.awareness.getStates().keys()];
    if (present.length > 0) this.send(awarenessMessage(encodeAwarenessUpdate(this.#room.awareness, present)));
  }

  get documentId(): string {
    return this.#room.documentId;
  }

  send(message: Uint8Array): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (this.#ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(DOCUMENT_CLOSE.TOO_SLOW, 'too far behind in receiving the document; reconnect');
      this.#ws.terminate();
      return;
    }
    this.#ws.send(message);
  }

  close(code: number, reason: string): void {
    this.#closed = true;
    if (this.#ws.readyState === this.#ws.OPEN || this.#ws.readyState === this.#ws.CONNECTING) this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  /** Keep-alive: false if the last ping went unanswered (the caller ends the connection). */
  ping(): boolean {
    if (!this.#alive) return false;
    this.#alive = false;
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.ping();
    return true;
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    if (!isBinary) {
      this.close(DOCUMENT_CLOSE.NOT_BINARY, 'y-websocket messages are binary');
      return;
    }
    try {
      this.#handle(toBytes(data));
    } catch (error) {
      if (error instanceof MalformedMessageError) {
        this.#logger.info({ documentId: this.documentId, actor: this.grant.actor, problem: error.message }, 'closed a document connection that sent a malformed message');
        this.close(DOCUMENT_CLOSE.MALFORMED, 'malformed y-websocket message; nothing of it was kept');
        return;
      }
      this.#logger.error({ err: error, documentId: this.documentId }, 'a document message failed');
      this.close(DOCUMENT_CLOSE.NOT_STORED, 'the server failed on this message; reconnect');
    }
  }

  #handle(bytes: Uint8Array): void {
    const message = readClientMessage(bytes);
    switch (message.type) {
      case 'syncStep1':
        this.send(syncStep2Message(this.#room.doc, message.stateVector));
        return;
      case 'syncStep2':
      case 'update':
        if (this.grant.access === 'write' && !this.#room.locked) this.#room.submit(message.update, message.decoded, this);
        else this.#refuseEdit(message.decoded);
        return;
      case 'awareness':
        this.#onAwareness(readAwarenessEntries(message.update));
        return;
      case 'queryAwareness': {
        const present = [...this.#room.awareness.getStates().keys()];
        this.send(awarenessMessage(encodeAwarenessUpdate(this.#room.awareness, present)));
        return;
      }
    }
  }

  /** Dropped; the first edit that would have changed something earns a word why. */
  #refuseEdit(decoded: Parameters<typeof changesDocument>[1]): void {
    if (this.#toldReadOnly || !changesDocument(this.#room.doc, decoded)) return;
    if (this.#room.locked || this.grant.document.locked) {
      this.tellLocked();
      return;
    }
    this.#toldReadOnly = true;
    const role = this.grant.presence.role;
    this.send(permissionDeniedMessage(`FORBIDDEN: ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may read this document but not write it (the court’s permission table); your edits are not kept`));
  }

  /**
   * The document was locked: a writer hears it once (y-protocols' "permission denied"), and
   * from now on its edits are dropped like a reader's.
   */
  tellLocked(): void {
    if (this.#toldReadOnly || this.#closed) return;
    this.#toldReadOnly = true;
    this.send(permissionDeniedMessage('DOCUMENT_LOCKED: this document is locked; its text is final and your edits are not kept'));
  }

  #onAwareness(entries: AwarenessEntry[]): void {
    const room = this.#room;
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      if (entry.clientId === room.doc.clientID) continue;
      const owner = room.ownerOf(entry.clientId);
      // Another person's client: not yours to change. The same person's (a provider that
      // reconnected before its old connection closed) passes to this connection.
      if (owner !== undefined && owner !== this && owner.grant.actor !== this.grant.actor) continue;
      if (owner !== this && (entry.state === null || room.ownedBy(this) >= MAX_AWARENESS_CLIENTS)) continue;
      const state = presentedState(entry.state, this.grant.presence);
      if (state === undefined) continue;
      accepted.push({ ...entry, state });
    }
    if (accepted.length === 0) return;
    for (const entry of accepted) if (entry.state !== null) room.setOwner(entry.clientId, this);
    applyAwarenessUpdate(room.awareness, encodeAwarenessEntries(accepted), this);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
