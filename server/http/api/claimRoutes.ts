// Claims and issues over REST: the claimant's side states claims, the respondents answer each
// (admit, deny, partly admit, with reasons and evidence of the case), and the court reads the
// undisputed facts and the issues in dispute derived from them. Pushes go over socket.io
// (realtime/TrialPushes: claims:changed).
import { idParams } from '../../protocol/caseRecordSchemas.js';
import type { ErrorCode } from '../../protocol/ack.js';
import { claimAnswerBody, claimParams, claimsAnalysisView, claimsView, stateClaimsBody } from '../../protocol/claimSchemas.js';
import type { Court } from '../../record/Court.js';
import { route } from './apiRoute.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;

export function claimRoutes(court: Court) {
  const claims = court.trial.claims;
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/claims',
      operationId: 'listClaims',
      summary: "The claims of the case, in order, with each respondent's current answer",
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the claims', schema: claimsView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return claims.view(principal, params.caseId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/claims',
      operationId: 'stateClaims',
      summary: "State claims (the claimant's side): a list, appended to the case's claims and numbered in order, each against the respondents it names (default: all)",
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      body: stateClaimsBody,
      success: { status: 201, description: 'the claims, on the ledger', schema: claimsView },
      errors: [...CASE_ERRORS, 'CONSENT_REQUIRED', 'CASE_SETTLED', 'NOT_THE_CLAIMANT', 'PARTICIPANT_NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'RECORD_CHANGED'] satisfies ErrorCode[],
      async handle({ principal, params, body, origin }) {
        return claims.state(
          principal,
          params.caseId,
          body.claims.map((c) => ({ text: c.text, language: c.language, ...(c.against === undefined ? {} : { against: c.against }) })),
          origin,
        );
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/claims/:claimId/answers',
      operationId: 'answerClaim',
      summary: 'Answer a claim made against you (or, as counsel, against the respondent you act for): admit, deny or partly admit, with reasons and evidence of this case. Answering again changes the answer (every version is on the ledger)',
      tag: 'trial',
      auth: true,
      params: claimParams,
      body: claimAnswerBody,
      success: { status: 201, description: 'the claims with your answer, on the ledger', schema: claimsView },
      errors: [...CASE_ERRORS, 'CONSENT_REQUIRED', 'CASE_SETTLED', 'CLAIM_NOT_FOUND', 'NOT_THE_RESPONDENT', 'EVIDENCE_NOT_FOUND', 'EVIDENCE_ALREADY_WITHDRAWN', 'PAYLOAD_TOO_LARGE', 'RECORD_CHANGED'] satisfies ErrorCode[],
      async handle({ principal, params, body, origin }) {
        return claims.answer(
          principal,
          params.caseId,
          params.claimId,
          {
            position: body.position,
            ...(body.reasons === undefined ? {} : { reasons: body.reasons }),
            ...(body.admittedPart === undefined ? {} : { admittedPart: body.admittedPart }),
            language: body.language,
            evidence: body.evidence,
            ...(body.for === undefined ? {} : { for: body.for }),
            ...(body.basedOnVersion === undefined ? {} : { basedOnVersion: body.basedOnVersion }),
          },
          origin,
        );
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/claims/analysis',
      operationId: 'getClaimsAnalysis',
      summary: "For the court: the undisputed facts and the issues in dispute, derived now from the claims and the respondents' answers (nothing else)",
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the analysis', schema: claimsAnalysisView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return claims.analysis(principal, params.caseId, origin);
      },
    }),
  ];
}
