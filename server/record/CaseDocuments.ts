// The documents of a case that people write together (minutes, agreed facts, settlements): their
// records, opened on the case's ledger, and their text — a Yjs document kept as an append-only
// log of updates in the record store, with a snapshot now and then so that loading stays fast.
//
// Storage (the RecordStore only, so SQLite and Redis alike):
//   record 'document' <id>            the CaseDocument, in the index 'case:<caseId>'
//   log 'documentUpdates' <id>        one item per update: { update: base64, by: actor, at }
//   record 'documentSnapshot' <id>    { state: base64 of one merged update, covers: n, at }: the
//                                     log items [0, n) merged; loading reads it and the log from n
// Updates are never rewritten; a snapshot is written beside them in the background, merged from
// what the store holds (not from memory), so it never covers an update the store lacks.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import { isAllowed } from '../domain/access/permissions.js';
import { CourtError } from '../domain/CourtError.js';
import { documentLanguages, requireReleasable, type CaseDocument } from '../domain/documents/caseDocument.js';
import { accessOf, isVisibleTo, readActionOf, requireMayCreate, requireVisibleTo, type DocumentAccess, type DocumentKind } from '../domain/documents/documentKinds.js';
import { presenceOf, type Presence } from '../domain/documents/presence.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { auditLine } from './AuditLog.js';
import type { CaseAccess, CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';

export interface NewDocument {
  kind: DocumentKind;
  title: string;
  languages?: string[];
}

/** A document as one participant sees it: the record, and whether they may write it. */
export type DocumentForYou = CaseDocument & { readonly access: DocumentAccess };

/** What a sync connection to a document is allowed, decided when it opens. */
export interface SyncGrant {
  readonly document: CaseDocument;
  readonly access: DocumentAccess;
  /** Who they are in the document's awareness. */
  readonly presence: Presence;
  /** 'account:<id>' or 'participant:<id>': who wrote each update. */
  readonly actor: string;
  readonly participantId: string;
}

export interface StoredUpdate {
  readonly update: Uint8Array;
  readonly by: string;
}

interface UpdateItem {
  readonly update: string;
  readonly by: string;
  readonly at: string;
}

interface DocumentSnapshot {
  readonly state: string;
  readonly covers: number;
  readonly at: string;
}

export interface CaseDocumentsOptions {
  /** A snapshot is written after this many updates since the last one. */
  snapshotEvery?: number;
}

/** What monitoring watches for. */
export interface CaseDocumentsEvents {
  snapshotWritten: [documentId: string, covers: number];
  /** A background snapshot failed; the updates are safe in the log regardless. */
  snapshotFailed: [documentId: string, error: unknown];
}

export const DOCUMENT = 'document';
export const DOCUMENT_UPDATES = 'documentUpdates';
export const DOCUMENT_SNAPSHOT = 'documentSnapshot';
const DEFAULT_SNAPSHOT_EVERY = 200;

export class CaseDocuments {
  readonly observer = new EventEmitter<CaseDocumentsEvents>();
  readonly #store: RecordStore;
  readonly #access: CaseAccess;
  readonly #ledger: CaseLedger;
  readonly #now: () => Date;
  readonly #snapshotEvery: number;
  /** Per document: updates appended since its snapshot (as far as this node knows). */
  readonly #sinceSnapshot = new Map<string, number>();
  readonly #compacting = new Map<string, Promise<void>>();
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; now: () => Date }, options: CaseDocumentsOptions = {}) {
    this.#store = services.store;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#now = services.now;
    this.#snapshotEvery = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
  }

  async create(principal: Principal, caseId: string, input: NewDocument, origin: RequestOrigin): Promise<DocumentForYou> {
    const grant = await this.#access.authorize(principal, caseId, 'document.create', origin);
    const languages = await this.#access.refusing(grant, async () => {
      requireMayCreate(grant.role, input.kind);
      return documentLanguages(input.languages, grant.courtCase.languages);
    });
    const id = randomUUID();
    let document: CaseDocument | undefined;
    await this.#ledger.append(caseId, { type: 'document.created', actor: grant.actor, payload: { documentId: id, kind: input.kind, title: input.title, languages } }, (entry) => {
      document = {
        id,
        caseId,
        kind: input.kind,
        title: input.title,
        languages,
        createdBy: grant.actor,
        createdByName: grant.participant.displayName,
        createdAt: entry.at,
        ledgerSeq: entry.seq,
        ...(input.kind === 'minutes' ? { released: false } : {}),
        locked: false,
      };
      return {
        puts: [{ kind: DOCUMENT, id, value: document, expectedVersion: 0, indexes: [`case:${caseId}`] }],
        logs: [auditLine({ ...grant.audit, target: id })],
      };
    });
    return { ...document!, access: accessOf(grant.role, document!) };
  }

  /** The documents of the case the caller may read now. */
  async list(principal: Principal, caseId: string, origin: RequestOrigin): Promise<DocumentForYou[]> {
    const grant = await this.#access.authorize(principal, caseId, 'document.list', origin);
    await this.#access.noteRead(grant);
    return (await this.#store.listRecords<CaseDocument>(DOCUMENT, `case:${caseId}`))
      .map((r) => r.value)
      .filter((document) => isAllowed(grant.role, readActionOf(document.kind)) && isVisibleTo(grant.role, document))
      .map((document) => ({ ...document, access: accessOf(grant.role, document) }));
  }

  async get(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<DocumentForYou> {
    const { grant, document } = await this.#readable(principal, caseId, documentId, origin);
    await this.#access.noteRead(grant, documentId);
    return { ...document, access: accessOf(grant.role, document) };
  }

  /** Releases minutes to the parties: on the ledger; from then on they may read them. */
  async release(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<DocumentForYou> {
    const grant = await this.#access.authorize(principal, caseId, 'minutes.release', origin, documentId);
    const stored = await this.#access.refusing(grant, async () => {
      const found = await this.#inCase(caseId, documentId);
      requireReleasable(found.value);
      return found;
    });
    let released: CaseDocument | undefined;
    try {
      await this.#ledger.append(caseId, { type: 'document.released', actor: grant.actor, payload: { documentId, kind: stored.value.kind, title: stored.value.title } }, (entry) => {
        released = { ...stored.value, released: true, releasedAt: entry.at, releasedBy: grant.actor };
        return {
          puts: [{ kind: DOCUMENT, id: documentId, value: released, expectedVersion: stored.version }],
          logs: [auditLine({ ...grant.audit, target: documentId })],
        };
      });
    } catch (error) {
      if (error instanceof RecordConflictError) throw new CourtError('RECORD_CHANGED', 'the document changed at the same moment; read it again and retry');
      throw error;
    }
    return { ...released!, access: accessOf(grant.role, released!) };
  }

  /**
   * The door of document sync: the caller must read this kind in the document's case (the
   * table), and see it now (minutes once released); whether they also write is decided here,
   * once, for the whole connection. The opening is on the audit log.
   */
  async openForSync(principal: Principal, documentId: string, origin: RequestOrigin): Promise<SyncGrant> {
    const stored = await this.#store.getRecord<CaseDocument>(DOCUMENT, documentId);
    if (stored === undefined) throw new CourtError('DOCUMENT_NOT_FOUND', `there is no document ${documentId}`);
    const { grant, document } = await this.#readable(principal, stored.value.caseId, documentId, origin);
    await this.#access.noteRead(grant, documentId);
    return { document, access: accessOf(grant.role, document), presence: presenceOf(grant.participant), actor: grant.actor, participantId: grant.participant.id };
  }

  /**
   * Appends updates to the document's log in one durable commit (rule 4: the caller relays them
   * only after this resolves). Commits to one document are serialised on this node.
   */
  appendUpdates(documentId: string, updates: readonly StoredUpdate[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return this.#exclusive(documentId, async () => {
      const at = toUtcTimestamp(this.#now());
      await this.#store.commit({
        logs: updates.map(({ update, by }) => ({ log: DOCUMENT_UPDATES, scope: documentId, value: { update: Buffer.from(update).toString('base64'), by, at } satisfies UpdateItem })),
      });
      const since = (this.#sinceSnapshot.get(documentId) ?? 0) + updates.length;
      this.#sinceSnapshot.set(documentId, since);
      if (since >= this.#snapshotEvery) this.#compactInBackground(documentId);
    });
  }

  /** Everything stored of the document's text, to apply in order: the snapshot's state first. */
  async loadUpdates(documentId: string): Promise<Uint8Array[]> {
    const snapshot = (await this.#store.getRecord<DocumentSnapshot>(DOCUMENT_SNAPSHOT, documentId))?.value;
    const later = await this.#store.readLog<UpdateItem>(DOCUMENT_UPDATES, documentId, snapshot?.covers ?? 0);
    this.#sinceSnapshot.set(documentId, later.length);
    const updates = later.map((item) => fromBase64(item.value.update));
    return snapshot === undefined ? updates : [fromBase64(snapshot.state), ...updates];
  }

  /** The document's stored updates from log position `from` on, with who wrote each and when. */
  async updateLog(documentId: string, from = 0): Promise<Array<{ seq: number; by: string; at: string; update: Uint8Array }>> {
    return (await this.#store.readLog<UpdateItem>(DOCUMENT_UPDATES, documentId, from)).map((item) => ({ seq: item.seq, by: item.value.by, at: item.value.at, update: fromBase64(item.value.update) }));
  }

  /**
   * Writes a snapshot: the last one's state and every update after it, merged. Two nodes doing it
   * at once: the second sees the first's version and gives way.
   */
  async compact(documentId: string): Promise<{ covers: number } | undefined> {
    const stored = await this.#store.getRecord<DocumentSnapshot>(DOCUMENT_SNAPSHOT, documentId);
    const from = stored?.value.covers ?? 0;
    const later = await this.#store.readLog<UpdateItem>(DOCUMENT_UPDATES, documentId, from);
    if (later.length === 0) return undefined;
    const parts = later.map((item) => fromBase64(item.value.update));
    const state = Y.mergeUpdates(stored === undefined ? parts : [fromBase64(stored.value.state), ...parts]);
    const covers = later[later.length - 1]!.seq + 1;
    const snapshot: DocumentSnapshot = { state: Buffer.from(state).toString('base64'), covers, at: toUtcTimestamp(this.#now()) };
    try {
      await this.#store.commit({ puts: [{ kind: DOCUMENT_SNAPSHOT, id: documentId, value: snapshot, expectedVersion: stored?.version ?? 0 }] });
    } catch (error) {
      if (error instanceof RecordConflictError) return undefined;
      throw error;
    }
    this.#sinceSnapshot.set(documentId, Math.max(0, (this.#sinceSnapshot.get(documentId) ?? 0) - later.length));
    this.observer.emit('snapshotWritten', documentId, covers);
    return { covers };
  }

  /** Resolves when no background snapshot is being written (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#compacting.values(), ...this.#queues.values()].map((task) => task.catch(() => undefined)));
  }

  #compactInBackground(documentId: string): void {
    if (this.#compacting.has(documentId)) return;
    const task = this.compact(documentId)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.observer.emit('snapshotFailed', documentId, error);
      })
      .finally(() => this.#compacting.delete(documentId));
    this.#compacting.set(documentId, task);
  }

  /** The document of this case, and the caller's grant to read it now. */
  async #readable(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<{ grant: CaseGrant; document: CaseDocument }> {
    const stored = await this.#store.getRecord<CaseDocument>(DOCUMENT, documentId);
    if (stored === undefined || stored.value.caseId !== caseId) {
      // Strangers to the case are refused as such before they learn what it holds.
      await this.#access.authorize(principal, caseId, 'document.list', origin, documentId);
      throw new CourtError('DOCUMENT_NOT_FOUND', `this case has no document ${documentId}`);
    }
    const grant = await this.#access.authorize(principal, caseId, readActionOf(stored.value.kind), origin, documentId);
    await this.#access.refusing(grant, async () => requireVisibleTo(grant.role, stored.value));
    return { grant, document: stored.value };
  }

  async #inCase(caseId: string, documentId: string) {
    const stored = await this.#store.getRecord<CaseDocument>(DOCUMENT, documentId);
    if (stored === undefined || stored.value.caseId !== caseId) throw new CourtError('DOCUMENT_NOT_FOUND', `this case has no document ${documentId}`);
    return stored;
  }

  async #exclusive<T>(documentId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(documentId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.#queues.set(documentId, settled);
    void settled.then(() => {
      if (this.#queues.get(documentId) === settled) this.#queues.delete(documentId);
    });
    return run;
  }
}

function fromBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
