// One document being edited on this node: its Y.Doc loaded from the store, its awareness, the
// connections to it, and the writing of edits — stored first, then applied and relayed (rule 4).
//
// Edits that arrive while a commit is in flight wait and go in the next one together, so a busy
// document costs one commit per round trip to the store, not one per keystroke; the order in which
// they are applied and relayed is the order in which they were stored.
import type { Logger } from 'pino';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CaseDocuments } from '../record/CaseDocuments.js';
import { DOCUMENT_CLOSE } from '../protocol/documentSync.js';
import type { DocumentConnection } from './DocumentConnection.js';
import { awarenessMessage, updateMessage, type DecodedUpdate } from './syncMessages.js';
import { changesDocument } from './updateEffect.js';

interface PendingEdit {
  readonly update: Uint8Array;
  readonly decoded: DecodedUpdate;
  readonly from: DocumentConnection;
}

export class DocumentRoom {
  readonly documentId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly #documents: CaseDocuments;
  readonly #logger: Logger;
  readonly #connections = new Set<DocumentConnection>();
  /** Which connection introduced each awareness client id: only it may change or remove it. */
  readonly #awarenessOwners = new Map<number, DocumentConnection>();
  #pending: PendingEdit[] = [];
  #writing: Promise<void> | undefined;
  /** Upgrades under way that will join: the room stays loaded for them. */
  #reservations = 0;
  #destroyed = false;
  #echoToSender = false;
  /** Told when the room has no connections, reservations or writes left. */
  onEmpty: (room: DocumentRoom) => void = () => {};

  private constructor(documentId: string, doc: Y.Doc, documents: CaseDocuments, logger: Logger) {
    this.documentId = documentId;
    this.doc = doc;
    this.#documents = documents;
    this.#logger = logger;
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null);
    doc.on('update', (update: Uint8Array, origin: unknown) => this.#relay(update, origin));
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length > 0) this.#broadcast(awarenessMessage(encodeAwarenessUpdate(this.awareness, changed)), origin);
    });
  }

  /** Loads the document's stored text. An update that cannot be applied is skipped and logged. */
  static async load(documentId: string, documents: CaseDocuments, logger: Logger): Promise<DocumentRoom> {
    const updates = await documents.loadUpdates(documentId);
    let doc = new Y.Doc();
    try {
      if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
    } catch (error) {
      logger.error({ err: error, documentId }, 'a stored update of this document does not apply; loading the others one by one');
      doc.destroy();
      doc = new Y.Doc();
      for (const [index, update] of updates.entries()) {
        try {
          Y.applyUpdate(doc, update);
        } catch (failure) {
          logger.error({ err: failure, documentId, index }, 'skipped a stored update that does not apply');
        }
      }
    }
    return new DocumentRoom(documentId, doc, documents, logger);
  }

  /** Holds the room for an upgrade under way; false if it is already gone (load a new one). */
  reserve(): boolean {
    if (this.#destroyed) return false;
    this.#reservations++;
    return true;
  }

  release(): void {
    this.#reservations--;
    this.#checkEmpty();
  }

  join(connection: DocumentConnection): void {
    this.#connections.add(connection);
  }

  leave(connection: DocumentConnection): void {
    if (!this.#connections.delete(connection)) return;
    const owned = [...this.#awarenessOwners].filter(([, owner]) => owner === connection).map(([clientId]) => clientId);
    for (const clientId of owned) this.#awarenessOwners.delete(clientId);
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, 'left');
    this.#checkEmpty();
  }

  /**
   * An edit from a connection that may write: queued to be stored, then applied and relayed.
   * One that would change nothing (checked when its turn comes) is neither stored nor relayed.
   */
  submit(update: Uint8Array, decoded: DecodedUpdate, from: DocumentConnection): void {
    this.#pending.push({ update, decoded, from });
    this.#writing ??= this.#write().finally(() => {
      this.#writing = undefined;
      this.#checkEmpty();
    });
  }

  /** Resolves when every edit received so far is stored and applied (or refused). */
  async idle(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  ownerOf(clientId: number): DocumentConnection | undefined {
    return this.#awarenessOwners.get(clientId);
  }

  setOwner(clientId: number, connection: DocumentConnection): void {
    this.#awarenessOwners.set(clientId, connection);
  }

  ownedBy(connection: DocumentConnection): number {
    let count = 0;
    for (const owner of this.#awarenessOwners.values()) if (owner === connection) count++;
    return count;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.awareness.destroy();
    this.doc.destroy();
  }

  async #write(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      const edits = batch.filter((edit) => changesDocument(this.doc, edit.decoded));
      try {
        await this.#documents.appendUpdates(
          this.documentId,
          edits.map((edit) => ({ update: edit.update, by: edit.from.grant.actor })),
        );
      } catch (error) {
        // Not stored, so not applied or relayed: the senders reconnect and send them again.
        this.#logger.error({ err: error, documentId: this.documentId }, 'could not store edits; closing the connections that sent them');
        for (const edit of batch) edit.from.close(DOCUMENT_CLOSE.NOT_STORED, 'your edit could not be stored; reconnect to send it again');
        continue;
      }
      for (const edit of edits) this.#apply(edit);
    }
  }

  #apply(edit: PendingEdit): void {
    // Edits held back for missing parts are integrated by the one that completes them, and its
    // sender lacks them: then the change goes back to the sender too.
    this.#echoToSender = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    try {
      Y.applyUpdate(this.doc, edit.update, edit.from);
    } catch (error) {
      this.#logger.error({ err: error, documentId: this.documentId }, 'a stored edit did not apply');
      edit.from.close(DOCUMENT_CLOSE.MALFORMED, 'your edit does not apply to this document');
    }
  }

  /** Sends the document's change to every connection but the one it came from. */
  #relay(update: Uint8Array, origin: unknown): void {
    this.#broadcast(updateMessage(update), this.#echoToSender ? undefined : origin);
  }

  #broadcast(message: Uint8Array, except: unknown): void {
    for (const connection of this.#connections) if (connection !== except) connection.send(message);
  }

  #checkEmpty(): void {
    if (this.#connections.size === 0 && this.#reservations === 0 && this.#writing === undefined && !this.#destroyed) this.onEmpty(this);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
