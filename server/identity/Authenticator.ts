// Turns a presented access token into the Principal the rest of the server trusts: the session
// must be live, and the account or case participant behind it must still exist (a participant
// removed from the case loses access at once, not when the token expires).
import { CourtError } from '../domain/CourtError.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import type { Principal } from '../domain/identity/principal.js';
import type { RecordStore } from '../store/RecordStore.js';
import type { Sessions } from './Sessions.js';
import type { StaffAccounts } from './StaffAccounts.js';

export class Authenticator {
  readonly #sessions: Sessions;
  readonly #accounts: StaffAccounts;
  readonly #store: RecordStore;

  constructor(sessions: Sessions, accounts: StaffAccounts, store: RecordStore) {
    this.#sessions = sessions;
    this.#accounts = accounts;
    this.#store = store;
  }

  async principalOf(accessToken: string): Promise<Principal> {
    const { sessionId, subject } = await this.#sessions.verify(accessToken);
    if (subject.kind === 'staff') {
      const account = await this.#accounts.byId(subject.accountId);
      if (account === undefined) throw new CourtError('UNAUTHENTICATED', 'this account no longer exists');
      return { kind: 'staff', accountId: account.id, displayName: account.displayName, staffRole: account.role, sessionId };
    }
    const participant = (await this.#store.getRecord<CaseParticipant>('participant', subject.participantId))?.value;
    if (participant === undefined || participant.removedAt !== undefined) {
      throw new CourtError('UNAUTHENTICATED', 'you no longer take part in this case; ask the court for a new invitation');
    }
    return { kind: 'participant', participantId: participant.id, caseId: participant.caseId, displayName: participant.displayName, sessionId };
  }
}
