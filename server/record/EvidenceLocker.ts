// Evidence in a case: filing (streamed into the content-addressed folder, then recorded with its
// ledger entry), listing, reading with a chain-of-custody line, and withdrawal by the side that
// filed it. The bytes are stored once however often they are filed; within one case the same
// bytes can be filed only once (a unique record per case and hash, so racing uploads cannot both
// file it).
//
// Evidence filed for a sealed answer of the asynchronous trial is sealed too: its ledger entry
// (evidence.filedSealed) commits to its description with a salted hash, and it is hidden — not
// listed, not readable, not exported, "not found" — from everyone but its own side and the
// court until its round reveals it. Its uniqueness is kept per side, so the other side filing
// the same bytes learns nothing from EVIDENCE_ALREADY_FILED.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { CaseRole } from '../domain/access/roles.js';
import type { CaseSide } from '../domain/cases/caseParticipant.js';
import { CourtError } from '../domain/CourtError.js';
import { safeDownloadName } from '../domain/evidence/evidenceTypes.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import { sealCommitment } from '../domain/trial/commitment.js';
import { sealedEvidenceVisibleTo } from '../domain/trial/exchangeRule.js';
import type { ByteRange } from '../domain/evidence/byteRange.js';
import { EvidenceFileError, type EvidenceFiles, type EvidenceSource } from '../evidence/EvidenceFiles.js';
import type { LogAppend, RecordPut, RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { auditLine } from './AuditLog.js';
import type { CaseAccess, CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';

export interface EvidenceItem {
  readonly id: string;
  readonly caseId: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly title: string;
  readonly description: string;
  /** BCP 47 tag of the document's language. */
  readonly language: string;
  readonly fileName: string;
  readonly filedBy: string;
  readonly filedByName: string;
  readonly filedByRole: CaseRole;
  readonly side?: CaseSide;
  readonly filedAt: string;
  /** The ledger entry that records the filing. */
  readonly ledgerSeq: number;
  readonly withdrawnAt?: string;
  readonly withdrawnBy?: string;
  readonly withdrawalReason?: string;
  /** Filed for a sealed answer, until its round reveals it. */
  readonly sealed?: EvidenceSeal;
  /** When its round revealed it (evidence that was sealed). */
  readonly revealedAt?: string;
}

export interface EvidenceSeal {
  readonly roundId: string;
  /** The participant who filed it (its side, if any, is `side`). */
  readonly participantId: string;
  /** sealCommitment of its description; the ledger holds this until the reveal. */
  readonly commitment: string;
  /** Secret until the reveal publishes it. */
  readonly nonce: string;
}

export type CustodyEvent = 'filed' | 'viewed' | 'presented' | 'crossExamined' | 'withdrawn';

export interface CustodyLine {
  readonly at: string;
  readonly event: CustodyEvent;
  readonly actor: string;
  readonly actorName: string;
  readonly role: CaseRole;
  readonly ledgerSeq?: number;
  readonly detail?: string;
}

export interface EvidenceFiling {
  title: string;
  description: string;
  language: string;
  fileName: string;
  declaredType: string;
  contentLength?: number;
}

const EVIDENCE = 'evidence';
const FILED_HASH = 'evidenceHash';

export class EvidenceLocker {
  readonly #store: RecordStore;
  readonly #files: EvidenceFiles;
  readonly #access: CaseAccess;
  readonly #ledger: CaseLedger;
  readonly #maxBytes: number;
  readonly #now: () => Date;

  constructor(services: { store: RecordStore; files: EvidenceFiles; access: CaseAccess; ledger: CaseLedger; maxBytes: number; now: () => Date }) {
    this.#store = services.store;
    this.#files = services.files;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#maxBytes = services.maxBytes;
    this.#now = services.now;
  }

  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** Files evidence; with `sealFor`, sealed for that round (the trial has checked the round allows it). */
  async file(principal: Principal, caseId: string, source: EvidenceSource, filing: EvidenceFiling, origin: RequestOrigin, sealFor?: { roundId: string }): Promise<EvidenceItem> {
    const grant = await this.#access.authorize(principal, caseId, 'evidence.file', origin);
    const stored = await this.#files
      .ingest(source, { maxBytes: this.#maxBytes, declaredType: filing.declaredType, ...(filing.contentLength === undefined ? {} : { expectedBytes: filing.contentLength }) })
      .catch((error: unknown) => {
        if (error instanceof EvidenceFileError) throw new CourtError(error.code, error.message);
        // A client that goes away mid-upload fails the request with ECONNRESET ("aborted"): an
        // upload cut short, not a fault of the court's.
        if (isCutShort(error)) throw new CourtError('UPLOAD_TRUNCATED', 'the upload was cut off before its end; the connection was probably lost, so upload the file again');
        throw error;
      });
    const id = randomUUID();
    const description = { evidenceId: id, sha256: stored.sha256, size: stored.size, mediaType: stored.mediaType, title: filing.title, description: filing.description, language: filing.language, fileName: safeDownloadName(filing.fileName) };
    const seal = sealFor === undefined ? undefined : sealOf(description, sealFor.roundId, grant.participant.id);
    if (seal !== undefined) await this.#refuseIfFiledOpenly(caseId, stored.sha256);
    const payload: JsonValue = seal === undefined ? { evidenceId: id, sha256: stored.sha256, size: stored.size, mediaType: stored.mediaType, title: filing.title, language: filing.language } : { evidenceId: id, roundId: seal.roundId, commitment: seal.commitment };
    // One filing per case and hash; a sealed filing is unique within its own side only.
    const uniqueId = seal === undefined ? `${caseId}:${stored.sha256}` : `${caseId}:${stored.sha256}:sealed:${grant.participant.side ?? grant.participant.id}`;
    let item: EvidenceItem | undefined;
    try {
      await this.#ledger.append(caseId, { type: seal === undefined ? 'evidence.filed' : 'evidence.filedSealed', actor: grant.actor, payload }, (entry) => {
        item = {
          id,
          caseId,
          sha256: stored.sha256,
          size: stored.size,
          mediaType: stored.mediaType,
          title: filing.title,
          description: filing.description,
          language: filing.language,
          fileName: safeDownloadName(filing.fileName),
          filedBy: grant.actor,
          filedByName: grant.participant.displayName,
          filedByRole: grant.role,
          ...(grant.participant.side === undefined ? {} : { side: grant.participant.side }),
          filedAt: entry.at,
          ledgerSeq: entry.seq,
          ...(seal === undefined ? {} : { sealed: seal }),
        };
        return {
          puts: [
            { kind: FILED_HASH, id: uniqueId, value: { evidenceId: id }, expectedVersion: 0 },
            { kind: EVIDENCE, id, value: item, expectedVersion: 0, indexes: [`case:${caseId}`] },
          ],
          logs: [custody(grant, id, 'filed', entry.at, entry.seq), auditLine({ ...grant.audit, target: id })],
        };
      });
    } catch (error) {
      if (error instanceof RecordConflictError && error.kind === FILED_HASH) {
        const existing = await this.#store.getRecord<{ evidenceId: string }>(FILED_HASH, uniqueId);
        throw new CourtError('EVIDENCE_ALREADY_FILED', `this file is already filed in this case as evidence ${existing?.value.evidenceId ?? ''}; it was not filed again`);
      }
      throw error;
    }
    return item!;
  }

  async list(principal: Principal, caseId: string, origin: RequestOrigin): Promise<EvidenceItem[]> {
    const grant = await this.#access.authorize(principal, caseId, 'evidence.view', origin);
    await this.#access.noteRead(grant);
    return this.allOfCase(caseId, grant);
  }

  async get(principal: Principal, caseId: string, evidenceId: string, origin: RequestOrigin): Promise<EvidenceItem> {
    const grant = await this.#access.authorize(principal, caseId, 'evidence.view', origin, evidenceId);
    const { value: item } = await this.#item(caseId, evidenceId, grant);
    await this.#access.noteRead(grant, evidenceId);
    return item;
  }

  /**
   * Opens the evidence's bytes for reading, the part `rangeOf(size)` picks (undefined: all of it).
   * A read from the start is a "viewed" line on the chain of custody (players ask for later
   * ranges of the same viewing many times); `sendsBytes` is false for a HEAD request, which
   * shows nobody anything.
   */
  async open(
    principal: Principal,
    caseId: string,
    evidenceId: string,
    rangeOf: (size: number) => ByteRange,
    origin: RequestOrigin,
    sendsBytes = true,
  ): Promise<{ item: EvidenceItem; range: ByteRange; stream?: ReadStream }> {
    const grant = await this.#access.authorize(principal, caseId, 'evidence.view', origin, evidenceId);
    const { value: item } = await this.#item(caseId, evidenceId, grant);
    const range = rangeOf(item.size);
    if (range.kind === 'unsatisfiable') return { item, range };
    const logs: LogAppend[] = [auditLine({ ...grant.audit, target: evidenceId })];
    if (sendsBytes && (range.kind === 'full' || range.start === 0)) logs.push(custody(grant, evidenceId, 'viewed', toUtcTimestamp(this.#now())));
    await this.#store.commit({ logs });
    const stream = this.#files.createReadStream(item.sha256, range.kind === 'partial' ? { start: range.start, end: range.end } : {});
    return { item, range, stream };
  }

  /**
   * The item shown in a hearing: it must be of this case and not withdrawn; the showing is a
   * "presented" line on its chain of custody.
   */
  async present(principal: Principal, caseId: string, evidenceId: string, hearingId: string, origin: RequestOrigin): Promise<EvidenceItem> {
    const grant = await this.#access.authorize(principal, caseId, 'hearing.present', origin, evidenceId);
    const { value: item } = await this.#access.refusing(grant, async () => {
      const found = await this.#item(caseId, evidenceId, grant);
      if (found.value.withdrawnAt !== undefined) throw new CourtError('EVIDENCE_ALREADY_WITHDRAWN', 'withdrawn evidence cannot be presented');
      if (found.value.sealed !== undefined) throw new CourtError('EVIDENCE_SEALED', `this evidence is sealed for round ${found.value.sealed.roundId}; it can be shown once the round reveals it`);
      return found;
    });
    await this.#store.commit({
      logs: [custody(grant, evidenceId, 'presented', toUtcTimestamp(this.#now()), undefined, `hearing ${hearingId}`), auditLine({ ...grant.audit, target: evidenceId })],
    });
    return item;
  }

  async withdraw(principal: Principal, caseId: string, evidenceId: string, reason: string, origin: RequestOrigin): Promise<EvidenceItem> {
    const grant = await this.#access.authorize(principal, caseId, 'evidence.withdraw', origin, evidenceId);
    const stored = await this.#item(caseId, evidenceId, grant);
    // Ownership first, so the other side learns nothing of the item's state; and, like the role
    // table's denials, an ownership denial goes on the audit log.
    if (stored.value.side === undefined || stored.value.side !== grant.participant.side) {
      await this.#store.commit({ logs: [auditLine({ ...grant.audit, target: evidenceId, outcome: 'denied', code: 'NOT_YOUR_EVIDENCE' })] });
      throw new CourtError('NOT_YOUR_EVIDENCE', 'only the side that filed this evidence may withdraw it');
    }
    if (stored.value.withdrawnAt !== undefined) throw new CourtError('EVIDENCE_ALREADY_WITHDRAWN', `evidence ${evidenceId} was already withdrawn at ${stored.value.withdrawnAt}`);
    // Its withdrawal entry would name its hash: leave it out of your answer instead, until the reveal.
    if (stored.value.sealed !== undefined) throw new CourtError('EVIDENCE_SEALED', `evidence ${evidenceId} is sealed for round ${stored.value.sealed.roundId}; leave it out of your answer, or withdraw it once the round reveals it`);
    let withdrawn: EvidenceItem | undefined;
    try {
      await this.#ledger.append(caseId, { type: 'evidence.withdrawn', actor: grant.actor, payload: { evidenceId, sha256: stored.value.sha256, reason } }, (entry) => {
        withdrawn = { ...stored.value, withdrawnAt: entry.at, withdrawnBy: grant.actor, withdrawalReason: reason };
        return {
          puts: [{ kind: EVIDENCE, id: evidenceId, value: withdrawn, expectedVersion: stored.version }],
          logs: [custody(grant, evidenceId, 'withdrawn', entry.at, entry.seq, reason), auditLine({ ...grant.audit, target: evidenceId })],
        };
      });
    } catch (error) {
      if (error instanceof RecordConflictError) throw new CourtError('EVIDENCE_ALREADY_WITHDRAWN', `evidence ${evidenceId} changed at the same moment (withdrawn by someone else)`);
      throw error;
    }
    return withdrawn!;
  }

  async custody(principal: Principal, caseId: string, evidenceId: string, origin: RequestOrigin): Promise<CustodyLine[]> {
    const grant = await this.#access.authorize(principal, caseId, 'evidence.viewCustody', origin, evidenceId);
    await this.#item(caseId, evidenceId, grant);
    await this.#access.noteRead(grant, evidenceId);
    return (await this.#store.readLog<CustodyLine>('custody', evidenceId)).map((item) => item.value);
  }

  /**
   * Every evidence item of the case, without a permission check (for the export, which checks);
   * with a viewer's grant, only what they may see (sealed items of another side are left out).
   */
  async allOfCase(caseId: string, viewer?: CaseGrant): Promise<EvidenceItem[]> {
    const items = (await this.#store.listRecords<EvidenceItem>(EVIDENCE, `case:${caseId}`)).map((r) => r.value);
    return viewer === undefined ? items : items.filter((item) => !hiddenFrom(viewer, item));
  }

  /** An item of the case as stored, without a permission check (the trial checks attachments with it). */
  async find(caseId: string, evidenceId: string): Promise<EvidenceItem | undefined> {
    const stored = await this.#store.getRecord<EvidenceItem>(EVIDENCE, evidenceId);
    return stored === undefined || stored.value.caseId !== caseId ? undefined : stored.value;
  }

  /** An item of the case as this viewer may see it: undefined if there is none or it is sealed from them. */
  async findVisible(caseId: string, evidenceId: string, viewer: CaseGrant): Promise<EvidenceItem | undefined> {
    const item = await this.find(caseId, evidenceId);
    return item === undefined || hiddenFrom(viewer, item) ? undefined : item;
  }

  /**
   * Unseals the evidence filed sealed for a round, when the round reveals its answers: what the
   * reveal's ledger entry discloses of each item (its description and nonce, so anyone can check
   * the commitment made when it was filed), and the record writes, given the reveal's time.
   */
  async prepareReveal(caseId: string, roundId: string): Promise<{ disclosed: JsonValue[]; puts: (at: string) => RecordPut[] }> {
    const sealed = (await this.#store.listRecords<EvidenceItem>(EVIDENCE, `case:${caseId}`)).filter((r) => r.value.sealed?.roundId === roundId);
    const disclosed = sealed.map(({ value: item }): JsonValue => ({ ...describedBy(item), nonce: item.sealed!.nonce, commitment: item.sealed!.commitment }));
    const puts = (at: string): RecordPut[] =>
      sealed.map(({ id, version, value: { sealed: _sealed, ...item } }) => ({ kind: EVIDENCE, id, value: { ...item, revealedAt: at }, expectedVersion: version }));
    return { disclosed, puts };
  }

  async #item(caseId: string, evidenceId: string, viewer?: CaseGrant) {
    const stored = await this.#store.getRecord<EvidenceItem>(EVIDENCE, evidenceId);
    // Sealed from this viewer: as if there were no such item, so nothing tells them it exists.
    if (stored === undefined || stored.value.caseId !== caseId || (viewer !== undefined && hiddenFrom(viewer, stored.value))) {
      throw new CourtError('EVIDENCE_NOT_FOUND', `this case has no evidence ${evidenceId}`);
    }
    return stored;
  }

  /** A sealed filing of bytes the case already has openly: the open item is no secret, so say so. */
  async #refuseIfFiledOpenly(caseId: string, sha256: string): Promise<void> {
    const open = await this.#store.getRecord<{ evidenceId: string }>(FILED_HASH, `${caseId}:${sha256}`);
    if (open !== undefined) throw new CourtError('EVIDENCE_ALREADY_FILED', `this file is already filed openly in this case as evidence ${open.value.evidenceId}; attach that item instead`);
  }
}

/** A line of an item's chain of custody, to commit with the change it records (cross-examination writes them too). */
export function custodyLine(grant: CaseGrant, evidenceId: string, event: CustodyEvent, at: string, ledgerSeq?: number, detail?: string): LogAppend {
  return custody(grant, evidenceId, event, at, ledgerSeq, detail);
}

function custody(grant: CaseGrant, evidenceId: string, event: CustodyEvent, at: string, ledgerSeq?: number, detail?: string): LogAppend {
  const line: CustodyLine = {
    at,
    event,
    actor: grant.actor,
    actorName: grant.participant.displayName,
    role: grant.role,
    ...(ledgerSeq === undefined ? {} : { ledgerSeq }),
    ...(detail === undefined ? {} : { detail }),
  };
  return { log: 'custody', scope: evidenceId, value: line };
}

function hiddenFrom(viewer: CaseGrant, item: EvidenceItem): boolean {
  if (item.sealed === undefined) return false;
  const side = viewer.participant.side;
  return !sealedEvidenceVisibleTo(
    { participantId: viewer.participant.id, role: viewer.role, ...(side === undefined ? {} : { side }) },
    { participantId: item.sealed.participantId, ...(item.side === undefined ? {} : { side: item.side }) },
  );
}

type EvidenceDescription = { evidenceId: string; sha256: string; size: number; mediaType: string; title: string; description: string; language: string; fileName: string };

function describedBy(item: EvidenceItem): EvidenceDescription {
  return { evidenceId: item.id, sha256: item.sha256, size: item.size, mediaType: item.mediaType, title: item.title, description: item.description, language: item.language, fileName: item.fileName };
}

function sealOf(description: EvidenceDescription, roundId: string, participantId: string): EvidenceSeal {
  const nonce = randomBytes(32).toString('hex');
  return { roundId, participantId, commitment: sealCommitment(description, nonce), nonce };
}

function isCutShort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
