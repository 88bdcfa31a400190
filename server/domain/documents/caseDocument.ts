// A document of a case as the record keeps it: what it is, in which languages, who opened it,
// and where it stands. Its text is not here: it is a Yjs document, kept as a log of updates
// (server/record/CaseDocuments.ts).
import { CourtError } from '../CourtError.js';
import type { RequiredSigner } from './requiredSigners.js';
import type { DocumentKind } from './documentKinds.js';
import type { TemplateName } from './documentTemplates.js';

export interface CaseDocument {
  readonly id: string;
  readonly caseId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  /** BCP 47 tags, one or two (a bilingual document), each a language of the case. */
  readonly languages: readonly string[];
  readonly createdBy: string;
  readonly createdByName: string;
  readonly createdAt: string;
  /** The ledger entry that records its opening. */
  readonly ledgerSeq: number;
  /** Minutes only: whether the court has released them to the parties. */
  readonly released?: boolean;
  readonly releasedAt?: string;
  readonly releasedBy?: string;
  /** The template its first text came from, if any. */
  readonly template?: TemplateName;
  /** No more edits once locked; then its text is final and may be signed. */
  readonly locked: boolean;
  readonly lock?: DocumentLock;
}

/** How a document was locked: when, by whom, its final text's hash and who must sign it. */
export interface DocumentLock {
  readonly lockedAt: string;
  readonly lockedBy: string;
  readonly lockedByName: string;
  /** SHA-256 of the canonical rendering of the locked text. */
  readonly documentHash: string;
  readonly rendering: string;
  readonly requiredSigners: readonly RequiredSigner[];
  /** The ledger entry that records the lock. */
  readonly ledgerSeq: number;
}

export const MAX_DOCUMENT_LANGUAGES = 2;

/**
 * The languages a new document is written in: those asked for, each a language of the case, or
 * else the language of the proceedings (the case's first).
 */
export function documentLanguages(requested: readonly string[] | undefined, caseLanguages: readonly string[]): string[] {
  if (requested === undefined || requested.length === 0) return caseLanguages.slice(0, 1);
  const ofCase = new Map(caseLanguages.map((tag) => [tag.toLowerCase(), tag]));
  const chosen = requested.map((tag) => {
    const match = ofCase.get(tag.toLowerCase());
    if (match === undefined) throw new CourtError('INVALID_PAYLOAD', `${tag} is not a language of this case (${caseLanguages.join(', ')}); add it to the case first`);
    return match;
  });
  if (new Set(chosen).size !== chosen.length) throw new CourtError('INVALID_PAYLOAD', 'name each language of the document once');
  if (chosen.length > MAX_DOCUMENT_LANGUAGES) throw new CourtError('INVALID_PAYLOAD', `a document holds at most ${MAX_DOCUMENT_LANGUAGES} languages`);
  return chosen;
}

export function requireUnlocked(document: CaseDocument): void {
  if (document.locked) throw new CourtError('DOCUMENT_LOCKED', `this document was locked at ${document.lock?.lockedAt ?? 'an earlier time'}; its text is final and no longer changes`);
}

export function requireLocked(document: CaseDocument): DocumentLock {
  if (!document.locked || document.lock === undefined) throw new CourtError('DOCUMENT_NOT_LOCKED', 'this document is not locked yet; it is signed once the judge or mediator locks its final text');
  return document.lock;
}

/** Only minutes are released, and only once. */
export function requireReleasable(document: CaseDocument): void {
  if (document.kind !== 'minutes') throw new CourtError('DOCUMENT_NOT_RELEASABLE', 'only minutes are released; the parties already write and read this document');
  if (document.released === true) throw new CourtError('DOCUMENT_ALREADY_RELEASED', `these minutes were released at ${document.releasedAt ?? 'an earlier time'}`);
}
