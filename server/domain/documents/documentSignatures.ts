// Signing a locked document: who must sign, what exactly is signed, and what the ledger records,
// so that the offline verifier (ledger/caseBundle.ts) can check every signature from a case
// bundle alone.
//
// Signed bytes (Ed25519, RFC 8032), fixed layout:
//   "CrossCourt document signature v1" 0x00   33 bytes: a signature over a document can never
//                                              be taken for one over anything else
//   document id                                its UTF-8 bytes (a UUID: 36 bytes)
//   0x00
//   document hash                              32 bytes: SHA-256 of the canonical rendering
//
// A signer's key is Ed25519: either made and kept by the court for them (custody 'court'), or
// uploaded by them as a raw 32-byte public key (custody 'participant'; they sign the bytes above
// themselves). Either way its public half is on the ledger before its first signature.
import { createHash, verify } from 'node:crypto';
import { isAllowed } from '../access/permissions.js';
import type { CaseRole } from '../access/roles.js';
import type { CaseParticipant } from '../cases/caseParticipant.js';
import { CourtError } from '../CourtError.js';
import { ed25519PublicKeyFromRaw } from '../ledger/treeHead.js';
import type { CaseDocument } from './caseDocument.js';
import { isVisibleTo, readActionOf, type DocumentKind } from './documentKinds.js';
import type { RequiredSigner } from './requiredSigners.js';

export const SIGNATURE_CONTEXT = 'CrossCourt document signature v1\0';

/** Ledger entry types of locking and signing. */
export const DOCUMENT_LOCKED = 'document.locked';
export const DOCUMENT_SIGNED = 'document.signed';
export const SIGNING_KEY_CREATED = 'signingKey.created';
export const SIGNING_KEY_REGISTERED = 'signingKey.registered';

export type KeyCustody = 'court' | 'participant';

export { MAX_SIGNERS, type RequiredSigner } from './requiredSigners.js';

/** payload of a `document.locked` entry. */
export interface DocumentLockedPayload {
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  /** SHA-256 of the canonical rendering, 64 lowercase hex digits. */
  readonly documentHash: string;
  /** The rendering's format (canonicalRendering.ts). */
  readonly rendering: string;
  readonly requiredSigners: readonly RequiredSigner[];
}

/** payload of a `document.signed` entry. */
export interface DocumentSignedPayload {
  readonly documentId: string;
  readonly documentHash: string;
  readonly signerId: string;
  readonly signerName: string;
  readonly signerRole: CaseRole;
  /** Raw Ed25519 public key, 64 lowercase hex digits. */
  readonly publicKey: string;
  readonly keyFingerprint: string;
  readonly keyCustody: KeyCustody;
  /** Ed25519 signature over signingPayload(documentId, documentHash), 128 lowercase hex digits. */
  readonly signature: string;
}

/** payload of a `signingKey.created` or `signingKey.registered` entry. */
export interface SigningKeyPayload {
  readonly participantId: string;
  readonly name: string;
  readonly role: CaseRole;
  readonly publicKey: string;
  readonly keyFingerprint: string;
  readonly custody: KeyCustody;
}

/** Who signs a document of each kind when the court names no one. */
export const DEFAULT_SIGNER_ROLES: Record<DocumentKind, readonly CaseRole[]> = {
  minutes: ['judge', 'clerk'],
  agreedFacts: ['claimant', 'respondent'],
  settlement: ['claimant', 'respondent', 'mediator'],
};


const HEX_64 = /^[0-9a-f]{64}$/;
const HEX_128 = /^[0-9a-f]{128}$/;

/** The bytes a signer signs (see the top of this file). */
export function signingPayload(documentId: string, documentHash: string): Uint8Array {
  if (!HEX_64.test(documentHash)) throw new TypeError('documentHash must be 64 lowercase hex digits');
  const context = new TextEncoder().encode(SIGNATURE_CONTEXT);
  const id = new TextEncoder().encode(documentId);
  const bytes = new Uint8Array(context.length + id.length + 1 + 32);
  bytes.set(context, 0);
  bytes.set(id, context.length);
  bytes.set(Buffer.from(documentHash, 'hex'), context.length + id.length + 1);
  return bytes;
}

/** A key's fingerprint: SHA-256 of its raw 32 bytes, in hex. */
export function keyFingerprint(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex');
}

/** The fingerprint as people read it aloud: 16 groups of 4. */
export function displayFingerprint(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;
}

/** Whether `signature` (hex) is `publicKey`'s (hex, raw) over the document's signing payload. Never throws. */
export function verifyDocumentSignature(documentId: string, documentHash: string, publicKey: string, signature: string): boolean {
  if (typeof publicKey !== 'string' || !HEX_64.test(publicKey) || typeof signature !== 'string' || !HEX_128.test(signature)) return false;
  if (typeof documentHash !== 'string' || !HEX_64.test(documentHash) || typeof documentId !== 'string') return false;
  try {
    return verify(null, signingPayload(documentId, documentHash), ed25519PublicKeyFromRaw(Buffer.from(publicKey, 'hex')), Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

/** Whether a participant in this role may sign this document at all: the table, then reading it. */
export function maySign(role: CaseRole, document: Pick<CaseDocument, 'kind' | 'released' | 'locked'>): boolean {
  return isAllowed(role, 'document.sign') && isAllowed(role, readActionOf(document.kind)) && isVisibleTo(role, document);
}

/**
 * The signers a lock names: those asked for (each a current participant who may sign this
 * document), or else the kind's default roles among the case's participants. Throws
 * INVALID_PAYLOAD naming `body.signers`.
 */
export function requiredSigners(document: CaseDocument, participants: readonly CaseParticipant[], requested: readonly string[] | undefined): RequiredSigner[] {
  const current = participants.filter((participant) => participant.removedAt === undefined);
  if (requested === undefined) {
    return current
      .filter((participant) => DEFAULT_SIGNER_ROLES[document.kind].includes(participant.role) && maySign(participant.role, document))
      .map(signerOf);
  }
  if (new Set(requested).size !== requested.length) throw new CourtError('INVALID_PAYLOAD', 'body.signers: name each signer once');
  return requested.map((id) => {
    const participant = current.find((candidate) => candidate.id === id);
    if (participant === undefined) throw new CourtError('INVALID_PAYLOAD', `body.signers: ${id} is not a participant of this case`);
    if (!maySign(participant.role, document)) {
      const article = /^[aeiou]/.test(participant.role) ? 'an' : 'a';
      throw new CourtError('INVALID_PAYLOAD', `body.signers: ${participant.displayName} is ${article} ${participant.role}, who may not sign this document (they must be allowed to sign and to read it)`);
    }
    return signerOf(participant);
  });
}

function signerOf(participant: CaseParticipant): RequiredSigner {
  return { participantId: participant.id, name: participant.displayName, role: participant.role };
}
