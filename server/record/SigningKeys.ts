// Each participant's Ed25519 key for signing documents of their case: one per participant, made
// and kept by the court for them the first time they sign (custody 'court'), or a public key they
// upload before that (custody 'participant': they sign with their own private key, which the
// court never sees). Either way the public key goes on the case's ledger when it is set, so the
// offline verifier knows whose key signed what.
//
// Storage: record 'signingKey' <participantId> (index 'case:<caseId>'):
//   { participantId, caseId, publicKey, keyFingerprint, custody, createdAt, ledgerSeq,
//     sealed?: { iv, tag, key } }  — the court-kept private key (PKCS#8 DER), encrypted with
//   AES-256-GCM under a key derived (HKDF-SHA256) from the court's secret, bound to the
//   participant (additional data). It never leaves this file: no view carries it.
//
// The sealing key comes from the court's secret in the same store, so this protects a private
// key that leaks on its own (a copied record, a log line), not a whole copied store; a deployment
// that needs more keeps the court's secret elsewhere (a KMS).
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import { CourtError } from '../domain/CourtError.js';
import { keyFingerprint, SIGNING_KEY_CREATED, SIGNING_KEY_REGISTERED, type KeyCustody, type SigningKeyPayload } from '../domain/documents/documentSignatures.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { ed25519PublicKeyFromRaw, rawEd25519PublicKey } from '../domain/ledger/treeHead.js';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { auditLine } from './AuditLog.js';
import type { CaseAccess, CaseGrant } from './CaseAccess.js';
import type { CaseLedger } from './CaseLedger.js';

export const SIGNING_KEY = 'signingKey';

/** A signing key as anyone may see it: never the private half. */
export interface SigningKeyView {
  readonly participantId: string;
  readonly caseId: string;
  /** Raw Ed25519 public key, 64 lowercase hex digits. */
  readonly publicKey: string;
  readonly keyFingerprint: string;
  readonly custody: KeyCustody;
  readonly createdAt: string;
  readonly ledgerSeq: number;
}

interface SealedKey {
  readonly iv: string;
  readonly tag: string;
  readonly key: string;
}

interface StoredSigningKey extends SigningKeyView {
  readonly sealed?: SealedKey;
}

export class SigningKeys {
  readonly #store: RecordStore;
  readonly #access: CaseAccess;
  readonly #ledger: CaseLedger;
  readonly #sealingKey: Buffer;

  constructor(services: { store: RecordStore; access: CaseAccess; ledger: CaseLedger; courtSecret: Uint8Array }) {
    this.#store = services.store;
    this.#access = services.access;
    this.#ledger = services.ledger;
    this.#sealingKey = Buffer.from(hkdfSync('sha256', services.courtSecret, 'crosscourt', 'document signing keys v1', 32));
  }

  /** The caller's own key in the case. */
  async own(principal: Principal, caseId: string, origin: RequestOrigin): Promise<SigningKeyView> {
    const grant = await this.#access.authorize(principal, caseId, 'document.sign', origin);
    await this.#access.noteRead(grant);
    const key = await this.keyOf(grant.participant.id);
    if (key === undefined) throw new CourtError('SIGNING_KEY_NOT_FOUND', 'you have no signing key in this case yet: the court makes one when you first sign, or register your own public key first');
    return key;
  }

  /** The caller uploads their own public key (raw Ed25519, hex): before their first signature. */
  async register(principal: Principal, caseId: string, publicKeyHex: string, origin: RequestOrigin): Promise<SigningKeyView> {
    const grant = await this.#access.authorize(principal, caseId, 'document.sign', origin);
    return this.#access.refusing(grant, async () => {
      try {
        ed25519PublicKeyFromRaw(Buffer.from(publicKeyHex, 'hex'));
      } catch {
        throw new CourtError('INVALID_PAYLOAD', 'body.publicKey: not a usable Ed25519 public key (send its raw 32 bytes as 64 hex digits)');
      }
      const existing = await this.keyOf(grant.participant.id);
      if (existing !== undefined) throw alreadySet(existing);
      return this.#put(grant, publicKeyHex, 'participant', undefined);
    });
  }

  async keyOf(participantId: string): Promise<SigningKeyView | undefined> {
    const stored = (await this.#store.getRecord<StoredSigningKey>(SIGNING_KEY, participantId))?.value;
    return stored === undefined ? undefined : viewOf(stored);
  }

  /**
   * Signs `bytes` with the key the court keeps for the grant's participant, making that key
   * (on the ledger) if they have none. Throws if their key is their own.
   */
  async signFor(grant: CaseGrant, bytes: Uint8Array): Promise<{ key: SigningKeyView; signature: string }> {
    let stored = (await this.#store.getRecord<StoredSigningKey>(SIGNING_KEY, grant.participant.id))?.value;
    if (stored === undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const publicKeyHex = Buffer.from(rawEd25519PublicKey(publicKey)).toString('hex');
      try {
        await this.#put(grant, publicKeyHex, 'court', this.#seal(grant.participant.id, privateKey));
      } catch (error) {
        if (!(error instanceof RecordConflictError)) throw error; // made at the same moment by another request
      }
      stored = (await this.#store.getRecord<StoredSigningKey>(SIGNING_KEY, grant.participant.id))!.value;
    }
    if (stored.sealed === undefined) throw new Error('the participant signs with their own key; the court holds no private key for them');
    const privateKey = this.#unseal(stored.participantId, stored.sealed);
    return { key: viewOf(stored), signature: sign(null, bytes, privateKey).toString('hex') };
  }

  async #put(grant: CaseGrant, publicKey: string, custody: KeyCustody, sealed: SealedKey | undefined): Promise<SigningKeyView> {
    const participant: CaseParticipant = grant.participant;
    const fingerprint = keyFingerprint(Buffer.from(publicKey, 'hex'));
    const payload: SigningKeyPayload = { participantId: participant.id, name: participant.displayName, role: participant.role, publicKey, keyFingerprint: fingerprint, custody };
    let stored: StoredSigningKey | undefined;
    await this.#ledger.append(grant.courtCase.id, { type: custody === 'court' ? SIGNING_KEY_CREATED : SIGNING_KEY_REGISTERED, actor: grant.actor, payload: { ...payload } }, (entry) => {
      stored = { participantId: participant.id, caseId: grant.courtCase.id, publicKey, keyFingerprint: fingerprint, custody, createdAt: entry.at, ledgerSeq: entry.seq, ...(sealed === undefined ? {} : { sealed }) };
      return {
        puts: [{ kind: SIGNING_KEY, id: participant.id, value: stored, expectedVersion: 0, indexes: [`case:${grant.courtCase.id}`] }],
        logs: [auditLine({ ...grant.audit, action: `signingKey.${custody === 'court' ? 'create' : 'register'}`, target: participant.id })],
      };
    });
    return viewOf(stored!);
  }

  #seal(participantId: string, privateKey: KeyObject): SealedKey {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#sealingKey, iv);
    cipher.setAAD(Buffer.from(`signingKey:${participantId}`));
    const key = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), key: key.toString('base64') };
  }

  #unseal(participantId: string, sealed: SealedKey): KeyObject {
    const decipher = createDecipheriv('aes-256-gcm', this.#sealingKey, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(`signingKey:${participantId}`));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const der = Buffer.concat([decipher.update(Buffer.from(sealed.key, 'base64')), decipher.final()]);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    createPublicKey(privateKey); // a damaged record fails here, not in a signature
    return privateKey;
  }
}

function viewOf(stored: StoredSigningKey): SigningKeyView {
  const { participantId, caseId, publicKey, keyFingerprint: fingerprint, custody, createdAt, ledgerSeq } = stored;
  return { participantId, caseId, publicKey, keyFingerprint: fingerprint, custody, createdAt, ledgerSeq };
}

function alreadySet(key: SigningKeyView): CourtError {
  const whose = key.custody === 'court' ? 'the court made one for you when you first signed' : 'you registered one';
  return new CourtError('SIGNING_KEY_ALREADY_SET', `you already have a signing key in this case (${whose}, fingerprint ${key.keyFingerprint}); a participant keeps one key`);
}
