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
//
// A document started from a template (documentTemplates.ts) has the template's text, in each of
// its languages with linked paragraph ids, as its first stored update, committed with the record.
//
// The court's own changes to a document's text (restoring a version, locking it) take a turn in
// the order of the edits being written (`inTurn`), which document sync provides: it holds the
// document's live text on this node and relays what the court writes to everyone connected.
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import { isAllowed } from '../domain/access/permissions.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import { CourtError } from '../domain/CourtError.js';
import { documentLanguages, requireReleasable, type CaseDocument } from '../domain/documents/caseDocument.js';
import { accessOf, isVisibleTo, readActionOf, requireMayCreate, requireVisibleTo, type DocumentAccess, type DocumentKind } from '../domain/documents/documentKinds.js';
import { templateFor, templateText, type TemplateName } from '../domain/documents/documentTemplates.js';
import { presenceOf, type Presence } from '../domain/documents/presence.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import { blockText } from '../domain/documents/documentText.js';
import { contentUpdate, readDocumentText, reviewMarks } from '../docs/documentBody.js';
import type { LogAppend, RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { auditLine } from './AuditLog.js';
import { PARTICIPANT, type CaseAccess, type CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';
import { KeyedQueue } from './KeyedQueue.js';

export interface NewDocument {
  kind: DocumentKind;
  title: string;
  languages?: string[];
  /** Start from a template: true for the kind's own, or a template's name; false or absent: empty. */
  template?: boolean | string;
}

/** The court's turn at a document's live text (see `inTurn`). */
export interface DocumentTurn {
  /** The text now: every edit stored before the turn, none after. Read it; never change it. */
  readonly doc: Y.Doc;
  /**
   * Stores the change `edit` makes (on a copy of the text) as one update by `by`, then applies
   * and relays it to everyone connected. Resolves false when it changes nothing.
   */
  write(edit: (doc: Y.Doc) => void, by: string): Promise<boolean>;
  /** From now on no edit is accepted; connected writers are told the document is locked. */
  lock(): void;
}

/** What document sync offers the record: turns at the live text of a document. */
export interface LiveDocuments {
  inTurn<T>(documentId: string, task: (turn: DocumentTurn) => Promise<T>): Promise<T>;
}

/** A document as one participant sees it: the record, and whether they may write it. */
export type DocumentForYou = CaseDocument & { readonly access: DocumentAccess };

/** The review marks of a bilingual document, with the texts they concern. */
export interface ReviewState {
  readonly documentId: string;
  readonly languages: readonly string[];
  readonly marks: ReadonlyArray<{ language: string; pid: string; changedIn: string; at: string; text: string | null; counterpartText: string | null }>;
}

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
  /** Appends to one document's log, one after another. */
  readonly #appends = new KeyedQueue();
  #live: LiveDocuments | undefined;

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; now: () => Date }, options: CaseDocumentsOptions = {}) {
    this.#store = services.store;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#now = services.now;
    this.#snapshotEvery = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
  }

  async create(principal: Principal, caseId: string, input: NewDocument, origin: RequestOrigin): Promise<DocumentForYou> {
    const grant = await this.#access.authorize(principal, caseId, 'document.create', origin);
    const { languages, template } = await this.#access.refusing(grant, async () => {
      requireMayCreate(grant.role, input.kind);
      return {
        languages: documentLanguages(input.languages, grant.courtCase.languages),
        template: input.template === undefined || input.template === false ? undefined : templateFor(input.kind, input.template),
      };
    });
    const id = randomUUID();
    const firstText = template === undefined ? undefined : await this.#templateUpdate(caseId, template, input.title, languages, grant.courtCase.title);
    let document: CaseDocument | undefined;
    const payload = { documentId: id, kind: input.kind, title: input.title, languages, ...(template === undefined ? {} : { template }) };
    await this.#ledger.append(caseId, { type: 'document.created', actor: grant.actor, payload }, (entry) => {
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
        ...(template === undefined ? {} : { template }),
        locked: false,
      };
      const logs: LogAppend[] = [auditLine({ ...grant.audit, target: id })];
      if (firstText !== undefined) logs.push(this.#updateItem(id, firstText, grant.actor, entry.at));
      return {
        puts: [{ kind: DOCUMENT, id, value: document, expectedVersion: 0, indexes: [`case:${caseId}`] }],
        logs,
      };
    });
    return { ...document!, access: accessOf(grant.role, document!) };
  }

  /** The template's text in the document's languages, linked paragraph by paragraph, as one update. */
  async #templateUpdate(caseId: string, template: TemplateName, title: string, languages: readonly string[], caseTitle: string): Promise<Uint8Array> {
    const participants = (await this.#store.listRecords<CaseParticipant>(PARTICIPANT, `case:${caseId}`)).map((r) => r.value).filter((p) => p.removedAt === undefined);
    const named = (role: CaseParticipant['role']) => participants.filter((p) => p.role === role).map((p) => p.displayName);
    const text = templateText(template, languages, { title, caseTitle, claimants: named('claimant'), respondents: named('respondent') }, () => randomBytes(8).toString('hex'));
    return contentUpdate(text);
  }

  #updateItem(documentId: string, update: Uint8Array, by: string, at: string): LogAppend {
    return { log: DOCUMENT_UPDATES, scope: documentId, value: { update: Buffer.from(update).toString('base64'), by, at } satisfies UpdateItem };
  }

  /** The document's record as stored (no access check: for the court's own services). */
  async record(documentId: string): Promise<CaseDocument | undefined> {
    return (await this.#store.getRecord<CaseDocument>(DOCUMENT, documentId))?.value;
  }

  /** Document sync makes itself known, so that the court's changes reach the live text. */
  attachLive(live: LiveDocuments): void {
    this.#live = live;
  }

  detachLive(live: LiveDocuments): void {
    if (this.#live === live) this.#live = undefined;
  }

  /**
   * Runs `task` at the document's live text, in the order of the edits being written: after
   * every edit stored before, before any after.
   */
  inTurn<T>(documentId: string, task: (turn: DocumentTurn) => Promise<T>): Promise<T> {
    if (this.#live === undefined) throw new Error('document sync is not running on this node; the court cannot change a document without it');
    return this.#live.inTurn(documentId, task);
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

  /**
   * The paragraphs of a bilingual document that need review (the `review` map of its text), each
   * with its text and its counterpart's as they stand.
   */
  async review(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<ReviewState> {
    const { grant, document } = await this.#readable(principal, caseId, documentId, origin);
    await this.#access.noteRead(grant, documentId);
    const doc = await this.storedDoc(documentId);
    try {
      const text = readDocumentText(doc, document.languages);
      const paragraph = (language: string, pid: string) => {
        const block = text.languages.find((l) => l.language === language)?.blocks.find((b) => b.pid === pid);
        return block === undefined ? null : blockText(block);
      };
      const marks = [...reviewMarks(doc)].flatMap(([key, mark]) => {
        const split = key.indexOf(':');
        if (split < 0 || typeof mark?.changedIn !== 'string') return [];
        const language = key.slice(0, split);
        const pid = key.slice(split + 1);
        return [{ language, pid, changedIn: mark.changedIn, at: String(mark.at), text: paragraph(language, pid), counterpartText: paragraph(mark.changedIn, pid) }];
      });
      return { documentId, languages: document.languages, marks };
    } finally {
      doc.destroy();
    }
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
    return this.#appends.run(documentId, async () => {
      const at = toUtcTimestamp(this.#now());
      await this.#store.commit({ logs: updates.map(({ update, by }) => this.#updateItem(documentId, update, by, at)) });
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
    await Promise.all([...this.#compacting.values(), this.#appends.settled()].map((task) => task.catch(() => undefined)));
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

  /** The document of this case, and the caller's grant to read it now (for the court's services). */
  readable(principal: Principal, caseId: string, documentId: string, origin: RequestOrigin): Promise<{ grant: CaseGrant; document: CaseDocument }> {
    return this.#readable(principal, caseId, documentId, origin);
  }

  /** The document's text as the store holds it, in a fresh Y.Doc (the caller destroys it). */
  async storedDoc(documentId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const updates = await this.loadUpdates(documentId);
    if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
    return doc;
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

}

function fromBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
