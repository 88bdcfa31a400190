// Claims and issues on the record: the claimant's side states claims (appended to the case's list,
// numbered in order); each respondent a claim is against answers it and may change its answer.
// Every statement and every answer is one commit of the case's claims record with its ledger entry
// ('claims.stated', 'claim.answered', in full) and audit line. The court's analysis — undisputed
// facts and issues in dispute — is recomputed from the record on every read (domain/trial/claims.ts),
// so it is never stale; a change is also pushed (claims:changed) once durable.
import { randomUUID } from 'node:crypto';
import { isAllowed } from '../domain/access/permissions.js';
import type { CaseParticipant } from '../domain/cases/caseParticipant.js';
import { CourtError } from '../domain/CourtError.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import { requireCurrentVersion } from '../domain/trial/answer.js';
import {
  analyseClaims,
  findClaim,
  MAX_RESPONSE_VERSIONS,
  requireClaimantSide,
  requireCompleteResponse,
  requireReferable,
  requireRoomForClaims,
  respondentsAgainst,
  responderFor,
  type Claim,
  type ClaimResponse,
  type ClaimResponseInput,
  type ClaimsRecord,
} from '../domain/trial/claims.js';
import { requireAsyncTrial } from '../domain/trial/consent.js';
import type { ClaimsAnalysisView, ClaimsView } from '../protocol/claimSchemas.js';
import type { TrialServices } from './AsyncTrial.js';
import { auditLine } from './AuditLog.js';
import type { CaseGrant } from './CaseAccess.js';
import { withRetries } from './trialRecords.js';

export interface NewClaim {
  text: string;
  language: string;
  against?: string[];
}

export interface ClaimAnswer extends ClaimResponseInput {
  for?: string;
  basedOnVersion?: number;
}

export class CaseClaims {
  readonly #s: TrialServices;

  constructor(services: TrialServices) {
    this.#s = services;
  }

  async view(principal: Principal, caseId: string, origin: RequestOrigin): Promise<ClaimsView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'claim.view', origin);
    await this.#s.access.noteRead(grant);
    return claimsViewOf((await this.#s.records.claims(caseId)).value);
  }

  /** The undisputed facts and the issues in dispute, derived now from what the parties have said. */
  async analysis(principal: Principal, caseId: string, origin: RequestOrigin): Promise<ClaimsAnalysisView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'claim.analyse', origin);
    await this.#s.access.noteRead(grant);
    return analysisViewOf((await this.#s.records.claims(caseId)).value);
  }

  async state(principal: Principal, caseId: string, claims: readonly NewClaim[], origin: RequestOrigin): Promise<ClaimsView> {
    const { access, records, ledger } = this.#s;
    const grant = await access.authorize(principal, caseId, 'claim.state', origin);
    const record = await access.refusing(grant, () =>
      withRetries(async () => {
        requireClaimantSide(grant.participant);
        const participants = await this.#requireAsync(caseId);
        const stored = await records.claims(caseId);
        requireRoomForClaims(stored.value, claims.length);
        const drafts = claims.map((c, i) => {
          let against: string[];
          try {
            against = respondentsAgainst(participants, c.against);
          } catch (error) {
            // Name the claim the problem is in.
            if (error instanceof CourtError) throw new CourtError(error.code, error.message.replace(/^body\.against/, `body.claims.${i}.against`));
            throw error;
          }
          return { id: randomUUID(), number: stored.value.claims.length + i + 1, text: c.text, language: c.language, against };
        });
        let next: ClaimsRecord | undefined;
        const payload = { claims: drafts.map((d) => ({ claimId: d.id, number: d.number, text: d.text, language: d.language, against: d.against })) };
        await ledger.append(caseId, { type: 'claims.stated', actor: grant.actor, payload }, (entry) => {
          const stated: Claim[] = drafts.map((d) => ({ ...d, statedBy: grant.actor, statedByName: grant.participant.displayName, statedAt: entry.at, ledgerSeq: entry.seq }));
          next = { ...stored.value, claims: [...stored.value.claims, ...stated] };
          return { puts: [records.claimsPut(next, stored.version)], logs: [auditLine(grant.audit)] };
        });
        return next!;
      }),
    );
    this.#s.observer.emit('claimsChanged', caseId);
    return claimsViewOf(record);
  }

  async answer(principal: Principal, caseId: string, claimId: string, input: ClaimAnswer, origin: RequestOrigin): Promise<ClaimsView> {
    const { access, records, ledger } = this.#s;
    const grant = await access.authorize(principal, caseId, 'claim.answer', origin, claimId);
    const record = await access.refusing(grant, () =>
      withRetries(async () => {
        const participants = await this.#requireAsync(caseId);
        const stored = await records.claims(caseId);
        const claim = findClaim(stored.value, claimId);
        const respondentId = responderFor(grant.participant, claim, input.for);
        requireCompleteResponse(input);
        const existing = stored.value.responses[claimId]?.[respondentId];
        requireCurrentVersion(existing?.version ?? 0, input.basedOnVersion);
        if ((existing?.version ?? 0) >= MAX_RESPONSE_VERSIONS) throw new CourtError('INVALID_PAYLOAD', `an answer to a claim keeps at most ${MAX_RESPONSE_VERSIONS} versions; this one has them all`);
        await this.#requireReferable(grant, caseId, input.evidence);
        const respondentName = participants.find((p) => p.id === respondentId)?.displayName ?? respondentId;
        const version = (existing?.version ?? 0) + 1;
        const said = {
          position: input.position,
          ...(input.reasons === undefined ? {} : { reasons: input.reasons }),
          ...(input.admittedPart === undefined ? {} : { admittedPart: input.admittedPart }),
          language: input.language,
          evidence: [...input.evidence],
        };
        let next: ClaimsRecord | undefined;
        const payload = { claimId, number: claim.number, respondentId, version, ...said };
        await ledger.append(caseId, { type: 'claim.answered', actor: grant.actor, payload }, (entry) => {
          const response: ClaimResponse = { claimId, respondentId, respondentName, version, ...said, by: grant.actor, byName: grant.participant.displayName, at: entry.at, ledgerSeq: entry.seq };
          next = { ...stored.value, responses: { ...stored.value.responses, [claimId]: { ...stored.value.responses[claimId], [respondentId]: response } } };
          return { puts: [records.claimsPut(next, stored.version)], logs: [auditLine({ ...grant.audit, target: claimId })] };
        });
        return next!;
      }),
    );
    this.#s.observer.emit('claimsChanged', caseId);
    return claimsViewOf(record);
  }

  /** Everyone the table lets read the claims, with what is pushed to them: the claims, and the analysis to the court. */
  async viewsFor(caseId: string): Promise<Array<{ participant: CaseParticipant; claims: ClaimsView; analysis?: ClaimsAnalysisView }>> {
    const [{ value: record }, participants] = await Promise.all([this.#s.records.claims(caseId), this.#s.records.participantsOf(caseId)]);
    const claims = claimsViewOf(record);
    const analysis = analysisViewOf(record);
    return participants
      .filter((p) => p.removedAt === undefined && isAllowed(p.role, 'claim.view'))
      .map((participant) => ({ participant, claims, ...(isAllowed(participant.role, 'claim.analyse') ? { analysis } : {}) }));
  }

  async #requireAsync(caseId: string) {
    const [state, participants] = await Promise.all([this.#s.records.state(caseId), this.#s.records.participantsOf(caseId)]);
    requireAsyncTrial(state.value, participants);
    return participants;
  }

  /** Each reference is evidence of this case the writer can see (a sealed item of the other side is unknown), on the record. */
  async #requireReferable(grant: CaseGrant, caseId: string, evidenceIds: readonly string[]): Promise<void> {
    for (const [i, id] of evidenceIds.entries()) requireReferable(await this.#s.evidence.findVisible(caseId, id, grant), id, caseId, i);
  }
}

export function claimsViewOf(record: ClaimsRecord): ClaimsView {
  return {
    caseId: record.caseId,
    claims: record.claims.map((claim) => ({
      ...claim,
      against: [...claim.against],
      responses: claim.against.flatMap((id) => {
        const r = record.responses[claim.id]?.[id];
        if (r === undefined) return [];
        const { claimId: _c, ...rest } = r;
        return [{ ...rest, evidence: [...r.evidence] }];
      }),
    })),
  };
}

export function analysisViewOf(record: ClaimsRecord): ClaimsAnalysisView {
  const analysis = analyseClaims(record);
  const copy = <T extends { evidence: readonly string[] }>(s: T) => ({ ...s, evidence: [...s.evidence] });
  return {
    caseId: record.caseId,
    undisputedFacts: analysis.undisputedFacts.map((f) => ({ ...f, admittedBy: f.admittedBy.map(copy) })),
    issuesInDispute: analysis.issuesInDispute.map((i) => ({ ...i, positions: i.positions.map(copy), evidence: [...i.evidence] })),
    unanswered: analysis.unanswered.map((u) => ({ ...u, awaiting: [...u.awaiting] })),
  };
}
