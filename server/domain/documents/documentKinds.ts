// The documents a case is written in together — the clerk's minutes, the parties' statement of
// agreed facts, a settlement drafted in mediation — and who may read and write each. The cells
// are in the one permission table (access/permissions.ts); this file names, per kind, which of
// its actions apply, and the rules of the record on top of the table: minutes reach the parties
// only once the court releases them, and the court may open a document for others to write.
import { isAllowed, requirePermission, type CaseAction } from '../access/permissions.js';
import { isStaffRole, type CaseRole } from '../access/roles.js';
import { CourtError } from '../CourtError.js';

export const DOCUMENT_KINDS = ['minutes', 'agreedFacts', 'settlement'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What a connection to a document may do: write edits, or only read them. */
export type DocumentAccess = 'write' | 'read';

const ACTIONS_OF: Record<DocumentKind, { read: CaseAction; write: CaseAction }> = {
  minutes: { read: 'minutes.read', write: 'minutes.write' },
  agreedFacts: { read: 'agreedFacts.read', write: 'agreedFacts.write' },
  settlement: { read: 'settlement.read', write: 'settlement.write' },
};

export function readActionOf(kind: DocumentKind): CaseAction {
  return ACTIONS_OF[kind].read;
}

export function writeActionOf(kind: DocumentKind): CaseAction {
  return ACTIONS_OF[kind].write;
}

/** The part of a document record the access rules look at. */
export interface DocumentState {
  readonly kind: DocumentKind;
  readonly released?: boolean;
  readonly locked: boolean;
}

/**
 * Whether a role that the table lets read this kind may see this document now: minutes are
 * the court's until released, so before that only court staff see them.
 */
export function isVisibleTo(role: CaseRole, document: DocumentState): boolean {
  return document.kind !== 'minutes' || document.released === true || isStaffRole(role);
}

export function requireVisibleTo(role: CaseRole, document: DocumentState): void {
  if (!isVisibleTo(role, document)) {
    throw new CourtError('DOCUMENT_NOT_RELEASED', 'the court has not released these minutes to the parties yet; they can be read once it does');
  }
}

/** Write if the table lets the role write this kind and the document is not locked; else read. */
export function accessOf(role: CaseRole, document: DocumentState): DocumentAccess {
  return isAllowed(role, writeActionOf(document.kind)) && !document.locked ? 'write' : 'read';
}

/**
 * Who may open a document of a kind (the table has allowed them `document.create`): those who
 * write that kind, and court staff who read it — the judge opens the statement of agreed facts
 * for the parties to write.
 */
export function mayCreate(role: CaseRole, kind: DocumentKind): boolean {
  if (!isAllowed(role, 'document.create')) return false;
  return isAllowed(role, writeActionOf(kind)) || (isStaffRole(role) && isAllowed(role, readActionOf(kind)));
}

export function requireMayCreate(role: CaseRole, kind: DocumentKind): void {
  requirePermission(role, 'document.create');
  if (!mayCreate(role, kind)) {
    const article = /^[aeiou]/.test(role) ? 'an' : 'a';
    throw new CourtError('FORBIDDEN', `${article} ${role} may not open ${KIND_NAMES[kind]} in this case; ask someone who writes it`);
  }
}

export const KIND_NAMES: Record<DocumentKind, string> = {
  minutes: 'the minutes',
  agreedFacts: 'a statement of agreed facts',
  settlement: 'a settlement agreement',
};
