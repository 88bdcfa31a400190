// The case record of one court, assembled: the store, the evidence folder, the keys, and the
// services every entry point (REST, socket.io, document sync, media) goes through.
import { join, resolve } from 'node:path';
import type { PasswordCost } from '../identity/passwords.js';
import { Authenticator } from '../identity/Authenticator.js';
import { loadCourtSecrets, type CourtSecrets } from '../identity/courtSecrets.js';
import { Invitations } from '../identity/Invitations.js';
import { LoginRateLimiter, type RateLimit } from '../identity/LoginRateLimiter.js';
import { Sessions, type SessionPolicy } from '../identity/Sessions.js';
import { StaffAccounts, type LockoutPolicy } from '../identity/StaffAccounts.js';
import { EvidenceFiles } from '../evidence/EvidenceFiles.js';
import type { RecordStore } from '../store/RecordStore.js';
import { AsyncTrial } from './AsyncTrial.js';
import { AuditLog } from './AuditLog.js';
import { CaseAccess } from './CaseAccess.js';
import { CaseDocuments } from './CaseDocuments.js';
import { CaseLedger } from './CaseLedger.js';
import { CaseRecord } from './CaseRecord.js';
import { DocumentSigning } from './DocumentSigning.js';
import { DocumentVersions } from './DocumentVersions.js';
import { EvidenceLocker } from './EvidenceLocker.js';
import { HearingRecordings } from './HearingRecordings.js';
import { Hearings } from './Hearings.js';
import { SigningKeys } from './SigningKeys.js';

export interface CourtPolicy {
  sessions: SessionPolicy;
  lockout: LockoutPolicy;
  signInPerAddress: RateLimit;
  signInPerUser: RateLimit;
  invitationSeconds: number;
  evidenceMaxBytes: number;
  passwordCost?: PasswordCost;
}

export const DEFAULT_COURT_POLICY: CourtPolicy = {
  sessions: { accessTtlSeconds: 15 * 60, staffSessionSeconds: 12 * 3600, participantSessionSeconds: 30 * 24 * 3600 },
  lockout: { maxFailures: 5, lockMs: 15 * 60 * 1000 },
  signInPerAddress: { attempts: 30, windowMs: 60_000 },
  signInPerUser: { attempts: 10, windowMs: 60_000 },
  invitationSeconds: 7 * 24 * 3600,
  evidenceMaxBytes: 200 * 1024 * 1024,
};

export class Court {
  readonly store: RecordStore;
  readonly files: EvidenceFiles;
  readonly secrets: CourtSecrets;
  readonly policy: CourtPolicy;
  readonly audit: AuditLog;
  readonly access: CaseAccess;
  readonly ledger: CaseLedger;
  readonly accounts: StaffAccounts;
  readonly sessions: Sessions;
  readonly invitations: Invitations;
  readonly authenticator: Authenticator;
  readonly signInLimiter: LoginRateLimiter;
  readonly cases: CaseRecord;
  readonly evidence: EvidenceLocker;
  readonly hearings: Hearings;
  /** The official recordings of hearings (files under <evidence folder>/recordings). */
  readonly recordings: HearingRecordings;
  readonly documents: CaseDocuments;
  /** Consent, rounds and answers of the asynchronous trial. */
  readonly trial: AsyncTrial;
  readonly documentVersions: DocumentVersions;
  readonly signingKeys: SigningKeys;
  readonly documentSigning: DocumentSigning;
  /** The court's clock (tests move it). */
  readonly now: () => Date;

  private constructor(store: RecordStore, files: EvidenceFiles, secrets: CourtSecrets, policy: CourtPolicy, now: () => Date, recordingsDir: string) {
    this.store = store;
    this.now = now;
    this.files = files;
    this.secrets = secrets;
    this.policy = policy;
    this.audit = new AuditLog(store);
    this.access = new CaseAccess(store, this.audit, now);
    this.ledger = new CaseLedger(store, secrets.ledgerPrivateKey, now);
    this.accounts = new StaffAccounts(store, { lockout: policy.lockout, ...(policy.passwordCost ? { passwordCost: policy.passwordCost } : {}), now });
    this.sessions = new Sessions(store, secrets.tokenKey, policy.sessions, now);
    this.invitations = new Invitations(store, secrets.tokenKey, now);
    this.authenticator = new Authenticator(this.sessions, this.accounts, store);
    this.signInLimiter = new LoginRateLimiter(policy.signInPerAddress, policy.signInPerUser, () => now().getTime());
    this.cases = new CaseRecord({ store, access: this.access, audit: this.audit, ledger: this.ledger, accounts: this.accounts, invitations: this.invitations, sessions: this.sessions, now });
    this.hearings = new Hearings({ store, access: this.access, ledger: this.ledger, now });
    this.recordings = new HearingRecordings({ store, access: this.access, ledger: this.ledger, hearings: this.hearings, directory: recordingsDir });
    this.documents = new CaseDocuments({ store, access: this.access, ledger: this.ledger, now });
    this.documentVersions = new DocumentVersions({ store, access: this.access, documents: this.documents, now });
    this.signingKeys = new SigningKeys({ store, access: this.access, ledger: this.ledger, courtSecret: secrets.tokenKey });
    this.documentSigning = new DocumentSigning({ store, access: this.access, ledger: this.ledger, documents: this.documents, keys: this.signingKeys });
    this.evidence = new EvidenceLocker({ store, files, access: this.access, ledger: this.ledger, maxBytes: policy.evidenceMaxBytes, now });
    this.trial = new AsyncTrial({ store, access: this.access, ledger: this.ledger, evidence: this.evidence, now });
  }

  static async open(store: RecordStore, evidenceDir: string, policy: CourtPolicy = DEFAULT_COURT_POLICY, now: () => Date = () => new Date()): Promise<Court> {
    const files = await EvidenceFiles.open(evidenceDir);
    const secrets = await loadCourtSecrets(store);
    // Inside the evidence folder, so that nodes sharing it (Redis mode) share the recordings too.
    return new Court(store, files, secrets, policy, now, join(resolve(evidenceDir), 'recordings'));
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
