// A document of a case as the record keeps it: what it is, in which languages, who opened it,
// and where it stands. Its text is not here: it is a Yjs document, kept as a log of updates
// (server/record/CaseDocuments.ts).
import { CourtError } from '../CourtError.js';
import type { DocumentKind } from './documentKinds.js';

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
  /** No more edits once locked (lock and sign come later; a document opens unlocked). */
  readonly locked: boolean;
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

/** Only minutes are released, and only once. */
export function requireReleasable(document: CaseDocument): void {
  if (document.kind !== 'minutes') throw new CourtError('DOCUMENT_NOT_RELEASABLE', 'only minutes are released; the parties already write and read this document');
  if (document.released === true) throw new CourtError('DOCUMENT_ALREADY_RELEASED', `these minutes were released at ${document.releasedAt ?? 'an earlier time'}`);
}
