// One document being edited on this node: its Y.Doc loaded from the store, its awareness, the
// connections to it, and the writing of edits — stored first, then applied and relayed (rule 4).
//
// Edits that arrive while a commit is in flight wait and go in the next one together, so a busy
// document costs one commit per round trip to the store, not one per keystroke; the order in which
// they are applied and relayed is the order in which they were stored.
//
// The court's own work on the text takes a turn in that same order (`turn`): it sees every edit
// stored before it and none after. Its changes (a restored version, review marks) are computed on
// a copy, stored as updates of their own and then applied and relayed to everyone like any edit;
// locking in a turn means no edit after it is accepted.
//
// Review marks (bilingual documents): after each batch of edits the paragraphs they changed go
// through the court's rule (domain/documents/reviewMarks.ts), and what it decides for the
// `review` map is written at once, as the court's update, before the next batch.
import * as random from 'lib0/random';
import type { Logger } from 'pino';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CourtError } from '../domain/CourtError.js';
import { reviewChanges, type ParagraphEdit, type ReviewAnswer } from '../domain/documents/reviewMarks.js';
import type { CaseDocuments, DocumentTurn } from '../record/CaseDocuments.js';
import { DOCUMENT_CLOSE } from '../protocol/documentSync.js';
import { bodyFragment, changedParagraphs, hasParagraph, reviewMap, reviewMarks } from './documentBody.js';
import type { DocumentConnection } from './DocumentConnection.js';
import { awarenessMessage, updateMessage, type DecodedUpdate } from './syncMessages.js';
import { changesDocument } from './updateEffect.js';

interface PendingEdit {
  readonly kind: 'edit';
  readonly update: Uint8Array;
  readonly decoded: DecodedUpdate;
  readonly from: DocumentConnection;
}

interface PendingTurn {
  readonly kind: 'turn';
  run(): Promise<void>;
}

type Pending = PendingEdit | PendingTurn;

/** The origin of the court's own updates: relayed to every connection. */
const COURT_ORIGIN = Symbol('court');
/** Who the update log names for review marks. */
export const COURT_ACTOR = 'court';

export class DocumentRoom {
  readonly documentId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly #documents: CaseDocuments;
  readonly #logger: Logger;
  readonly #connections = new Set<DocumentConnection>();
  /** Which connection introduced each awareness client id: only it may change or remove it. */
  readonly #awarenessOwners = new Map<number, DocumentConnection>();
  /** The document's languages, in the record's order (two: a bilingual document). */
  readonly #languages: readonly string[];
  /** Paragraphs changed by the edits of the batch being applied, for the review rule. */
  #paragraphEdits: ParagraphEdit[] = [];
  /** Who is applying an edit right now. */
  #applyingActor: string | undefined;
  readonly #answered = new Map<string, ReviewAnswer>();
  /** The client id of the court's own updates in this room (never the doc's own). */
  readonly #courtClientId = random.uint32();
  #locked: boolean;
  #pending: Pending[] = [];
  #writing: Promise<void> | undefined;
  /** Upgrades under way that will join: the room stays loaded for them. */
  #reservations = 0;
  #destroyed = false;
  #echoToSender = false;
  /** Told when the room has no connections, reservations or writes left. */
  onEmpty: (room: DocumentRoom) => void = () => {};

  private constructor(documentId: string, doc: Y.Doc, documents: CaseDocuments, logger: Logger, state: { languages: readonly string[]; locked: boolean }) {
    this.documentId = documentId;
    this.doc = doc;
    this.#documents = documents;
    this.#logger = logger;
    this.#languages = state.languages;
    this.#locked = state.locked;
    // Typed before anything reads them (an update names a root only by its name).
    for (const language of this.#languages) bodyFragment(doc, language);
    reviewMap(doc);
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null);
    doc.on('update', (update: Uint8Array, origin: unknown) => this.#relay(update, origin));
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const actor = this.#applyingActor;
      if (actor === undefined || this.#languages.length !== 2) return;
      for (const { language, pid } of changedParagraphs(transaction, doc, this.#languages)) this.#paragraphEdits.push({ language, pid, actor });
    });
    // Presence goes to every connection, its sender's included (as the reference y-websocket
    // server does): the sender sees the name and role the court set, and a provider alone in a
    // document hears something at least every renewal, so it does not take the silence for a
    // dead connection and reconnect.
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length > 0) this.#broadcast(awarenessMessage(encodeAwarenessUpdate(this.awareness, changed)), undefined);
    });
  }

  /** Loads the document's stored text. An update that cannot be applied is skipped and logged. */
  static async load(documentId: string, documents: CaseDocuments, logger: Logger): Promise<DocumentRoom> {
    const record = await documents.record(documentId);
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
    return new DocumentRoom(documentId, doc, documents, logger, { languages: record?.languages ?? [], locked: record?.locked ?? false });
  }

  /** Locked: no edit is accepted any more. */
  get locked(): boolean {
    return this.#locked;
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
    this.#enqueue({ kind: 'edit', update, decoded, from });
  }

  /**
   * Runs the court's `task` in the document's order of writing: after every edit received
   * before it is stored and applied, before any received after.
   */
  turn<T>(task: (turn: DocumentTurn) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue({
        kind: 'turn',
        run: async () => {
          const turn: DocumentTurn = {
            doc: this.doc,
            write: (edit, by) => this.#writeCourtEdit(edit, by),
            lock: () => this.#lock(),
          };
          try {
            resolve(await task(turn));
          } catch (error) {
            reject(error);
          }
        },
      });
    });
  }

  #enqueue(item: Pending): void {
    this.#pending.push(item);
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
      const first = this.#pending[0]!;
      if (first.kind === 'turn') {
        this.#pending.shift();
        await first.run();
        continue;
      }
      const turnAt = this.#pending.findIndex((item) => item.kind === 'turn');
      const batch = this.#pending.splice(0, turnAt === -1 ? this.#pending.length : turnAt) as PendingEdit[];
      if (this.#locked) {
        // Sent before the writer heard of the lock: not stored, not relayed.
        for (const edit of batch) edit.from.tellLocked();
        continue;
      }
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
      await this.#markForReview();
    }
  }

  #apply(edit: PendingEdit): void {
    // Edits held back for missing parts are integrated by the one that completes them, and its
    // sender lacks them: then the change goes back to the sender too.
    this.#echoToSender = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    this.#applyingActor = edit.from.grant.actor;
    try {
      Y.applyUpdate(this.doc, edit.update, edit.from);
    } catch (error) {
      this.#logger.error({ err: error, documentId: this.documentId }, 'a stored edit did not apply');
      edit.from.close(DOCUMENT_CLOSE.MALFORMED, 'your edit does not apply to this document');
    } finally {
      this.#applyingActor = undefined;
    }
  }

  /** The review rule over the paragraphs the last batch changed, written as the court's update. */
  async #markForReview(): Promise<void> {
    const edits = this.#paragraphEdits;
    this.#paragraphEdits = [];
    if (edits.length === 0) return;
    const state = { marks: reviewMarks(this.doc), hasParagraph: (language: string, pid: string) => hasParagraph(this.doc, language, pid) };
    const { set, remove } = reviewChanges(edits, this.#languages, state, this.#answered, new Date());
    if (set.size === 0 && remove.size === 0) return;
    try {
      await this.#writeCourtEdit((doc) => {
        const review = reviewMap(doc);
        for (const key of remove) review.delete(key);
        for (const [key, mark] of set) review.set(key, mark);
      }, COURT_ACTOR);
    } catch (error) {
      // The edits themselves are stored and relayed; only the marks are missing.
      this.#logger.error({ err: error, documentId: this.documentId }, 'could not store review marks');
    }
  }

  /**
   * The court's change to the text: made on a copy (under the room's own client id), stored as
   * one update, then applied here and relayed to every connection. False if it changes nothing.
   */
  async #writeCourtEdit(edit: (doc: Y.Doc) => void, by: string): Promise<boolean> {
    if (this.#locked) throw new CourtError('DOCUMENT_LOCKED', 'this document is locked; its text is final and no longer changes');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    // Set after loading: a copy whose own id came in with the state would pick a new one.
    copy.clientID = this.#courtClientId;
    const parts: Uint8Array[] = [];
    copy.on('update', (update: Uint8Array) => parts.push(update));
    copy.transact(() => edit(copy));
    copy.destroy();
    if (parts.length === 0) return false;
    const update = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
    await this.#documents.appendUpdates(this.documentId, [{ update, by }]);
    Y.applyUpdate(this.doc, update, COURT_ORIGIN);
    return true;
  }

  /** No edit after this one is accepted; the writers connected now are told why. */
  #lock(): void {
    this.#locked = true;
    for (const connection of this.#connections) if (connection.grant.access === 'write') connection.tellLocked();
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
