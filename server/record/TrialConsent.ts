// Consent to the asynchronous trial, on the record: each party's (or its counsel's) consent and
// withdrawal is a ledger entry, committed with the case's trial state. Full consent moves the case
// to async mode; a withdrawal moves it back to live hearings at once and suspends its open rounds
// (their answers are kept, sealed ones stay sealed, their clocks stop) until consent is given
// again and the court resumes them with a new deadline. The rules are in domain/trial/consent.ts.
import { CourtError } from '../domain/CourtError.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { recordConsent, type Consent, type ConsentState, type TrialState } from '../domain/trial/consent.js';
import type { TrialView } from '../protocol/trialSchemas.js';
import type { TrialServices } from './AsyncTrial.js';
import { auditLine } from './AuditLog.js';
import { withRetries } from './trialRecords.js';
import { trialViewOf } from './trialViews.js';

export class TrialConsent {
  readonly #s: TrialServices;

  constructor(services: TrialServices) {
    this.#s = services;
  }

  async view(principal: Principal, caseId: string, origin: RequestOrigin): Promise<TrialView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'trial.view', origin);
    await this.#s.access.noteRead(grant);
    return this.#viewOf(caseId);
  }

  /** Consent for yourself (counsel: for the parties of its side). Giving it again changes nothing. */
  async give(principal: Principal, caseId: string, origin: RequestOrigin): Promise<TrialView> {
    return this.#record(principal, caseId, origin, 'given');
  }

  /** Withdraws consent (or refuses it before giving it): the case goes back to live hearings. */
  async withdraw(principal: Principal, caseId: string, reason: string, origin: RequestOrigin): Promise<TrialView> {
    return this.#record(principal, caseId, origin, 'withdrawn', reason);
  }

  async #record(principal: Principal, caseId: string, origin: RequestOrigin, state: ConsentState, reason?: string): Promise<TrialView> {
    const { records, ledger, access } = this.#s;
    const grant = await access.authorize(principal, caseId, 'trial.consent', origin);
    const me = grant.participant;
    if (me.side === undefined) throw new CourtError('FORBIDDEN', 'only a party or counsel acting for a side consents');
    const outcome = await access.refusing(grant, () =>
      withRetries(async () => {
        const stored = await records.state(caseId);
        // A settled case is closed: there is no trial left to consent to or to leave.
        if (stored.value.settledAt !== undefined) throw new CourtError('CASE_SETTLED', `the case settled at ${stored.value.settledAt}; its trial ended with it`);
        if (stored.value.consents[me.id]?.state === state) return undefined;
        const participants = await records.participantsOf(caseId);
        const suspended = state === 'withdrawn' ? (await records.roundsOf(caseId)).filter((r) => r.value.status === 'open') : [];
        // The mode it leads to does not depend on the entry's time, so the entry can say it.
        const preview = recordConsent(stored.value, participants, { participantId: me.id, state, at: '', ledgerSeq: 0 });
        let next: TrialState | undefined;
        const payload = {
          participantId: me.id,
          role: me.role,
          side: me.side!,
          ...(reason === undefined ? {} : { reason }),
          mode: preview.next.mode,
          modeChanged: preview.modeChanged,
          ...(state === 'withdrawn' ? { roundsSuspended: suspended.map((r) => r.value.id) } : {}),
        };
        await ledger.append(caseId, { type: state === 'given' ? 'trial.consentGiven' : 'trial.consentWithdrawn', actor: grant.actor, payload }, (entry) => {
          const consent: Consent = { participantId: me.id, state, at: entry.at, ledgerSeq: entry.seq, ...(reason === undefined ? {} : { reason }) };
          next = recordConsent(stored.value, participants, consent).next;
          return {
            puts: [
              records.statePut(next, stored.version),
              ...suspended.map((r) => records.roundPut({ ...r.value, status: 'suspended', suspendedAt: entry.at }, r.version)),
            ],
            logs: [auditLine(grant.audit)],
          };
        });
        return { state: next!, modeChanged: preview.modeChanged, suspended: suspended.map((r) => r.value.id) };
      }),
    );
    if (outcome === undefined) {
      await access.noteRead(grant);
    } else {
      if (outcome.modeChanged) this.#s.observer.emit('modeChanged', caseId, outcome.state);
      for (const roundId of outcome.suspended) this.#s.observer.emit('roundChanged', caseId, roundId);
    }
    return this.#viewOf(caseId);
  }

  async #viewOf(caseId: string): Promise<TrialView> {
    const [{ value: state }, participants] = await Promise.all([this.#s.records.state(caseId), this.#s.records.participantsOf(caseId)]);
    return trialViewOf(state, participants);
  }
}
