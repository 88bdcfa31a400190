// The asynchronous trial over REST: consent and its withdrawal, rounds (open, list, read, close,
// extend or resume, extension requests and the court's decisions), answers (submit, read, their
// versions) and evidence filed for an answer. Pushes go over socket.io (realtime/TrialPushes).
import { EVIDENCE_MEDIA_TYPES } from '../../domain/evidence/evidenceTypes.js';
import type { DeadlineInput } from '../../domain/trial/deadline.js';
import type { LateRule } from '../../domain/trial/round.js';
import { evidenceUploadQuery, evidenceView, idParams } from '../../protocol/caseRecordSchemas.js';
import {
  answerBody,
  answerParams,
  answerVersionsView,
  answerView,
  closeRoundBody,
  consentBody,
  extendRoundBody,
  extensionDecisionBody,
  extensionParams,
  extensionRequestBody,
  openRoundBody,
  openWindowBody,
  roundListView,
  roundParams,
  roundView,
  threadParams,
  threadView,
  trialView,
  withdrawConsentBody,
  type DeadlineChangeBody,
} from '../../protocol/trialSchemas.js';
import type { Court } from '../../record/Court.js';
import type { ErrorCode } from '../../protocol/ack.js';
import { route } from './apiRoute.js';
import { UPLOAD_ERRORS, uploadFiling } from './evidenceUpload.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;
const ROUND_ERRORS = [...CASE_ERRORS, 'ROUND_NOT_FOUND'] as const;
const LATE_WINDOW_DEFAULT_HOURS = 24;

/** The body's deadline, in the one shape the domain reads (the schema has checked which form it is). */
function deadlineInput(body: DeadlineChangeBody): DeadlineInput {
  if (body.addDays !== undefined) return { addDays: body.addDays };
  if (body.at !== undefined) return { at: body.at, timeZone: body.timeZone! };
  return { local: body.local!, timeZone: body.timeZone!, ...(body.ifAmbiguous === undefined ? {} : { ifAmbiguous: body.ifAmbiguous }) };
}

export function trialRoutes(court: Court) {
  const trial = court.trial;
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/trial',
      operationId: 'getTrial',
      summary: "How the case is tried (live hearings or the asynchronous trial) and each party's consent",
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the mode and the consents', schema: trialView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return trial.consent.view(principal, params.caseId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/trial/consent',
      operationId: 'consentToAsyncTrial',
      summary: 'Consent to the asynchronous trial (a party for itself; counsel for the parties of its side). With every party consenting, the case is tried asynchronously',
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      body: consentBody,
      success: { status: 200, description: 'the mode and the consents, on the ledger', schema: trialView },
      errors: [...CASE_ERRORS, 'CASE_SETTLED', 'RECORD_CHANGED'],
      async handle({ principal, params, origin }) {
        return trial.consent.give(principal, params.caseId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/trial/consent/withdrawal',
      operationId: 'withdrawConsent',
      summary: 'Withdraw consent to the asynchronous trial: the case goes back to live hearings and its open rounds are suspended',
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      body: withdrawConsentBody,
      success: { status: 200, description: 'the mode and the consents, on the ledger', schema: trialView },
      errors: [...CASE_ERRORS, 'CASE_SETTLED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return trial.consent.withdraw(principal, params.caseId, body.reason, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds',
      operationId: 'openRound',
      summary: 'Open a round (the presiding side of the dispute stage, in async mode): questions, who must answer, a deadline in a zone, the exchange and late rules. It is served on them at once',
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      body: openRoundBody,
      success: { status: 201, description: 'the round, on the ledger', schema: roundView },
      errors: [...CASE_ERRORS, 'NOT_PRESIDING', 'CONSENT_REQUIRED', 'PARTICIPANT_NOT_FOUND', 'RECORD_CHANGED', 'CASE_SETTLED', 'CAUCUS_NOT_ALLOWED'],
      async handle({ principal, params, body, origin }) {
        const late: LateRule = body.late.rule === 'refuse' ? { kind: 'refuse' } : { kind: 'acceptFlagged', windowMinutes: (body.late.windowHours ?? LATE_WINDOW_DEFAULT_HOURS) * 60 };
        return trial.rounds.open(
          principal,
          params.caseId,
          { ...body, ...(body.title === undefined ? {} : { title: body.title }), deadline: deadlineInput(body.deadline), late },
          origin,
        );
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/rounds',
      operationId: 'listRounds',
      summary: 'The rounds of the case you can see, with their deadlines on your clock',
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the rounds', schema: roundListView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return { rounds: await trial.rounds.list(principal, params.caseId, origin) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/rounds/:roundId',
      operationId: 'getRound',
      summary: 'A round as you see it: its questions, the answers you may see, the deadline on your clock, who was served and read it, requests. Your first read is on the record',
      tag: 'trial',
      auth: true,
      params: roundParams,
      success: { status: 200, description: 'the round', schema: roundView },
      errors: ROUND_ERRORS,
      async handle({ principal, params, origin }) {
        return trial.rounds.get(principal, params.caseId, params.roundId, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/rounds/:roundId/threads/:threadId',
      operationId: 'getThread',
      summary: 'One question of a round and the answers to it you may see',
      tag: 'trial',
      auth: true,
      params: threadParams,
      success: { status: 200, description: 'the thread', schema: threadView },
      errors: [...ROUND_ERRORS, 'THREAD_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return trial.rounds.thread(principal, params.caseId, params.roundId, params.threadId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/close',
      operationId: 'closeRound',
      summary: 'Close a round (the side that runs it). A sealed round closed before everyone answered and before its deadline keeps its answers sealed',
      tag: 'trial',
      auth: true,
      params: roundParams,
      body: closeRoundBody,
      success: { status: 200, description: 'the closed round, on the ledger', schema: roundView },
      errors: [...ROUND_ERRORS, 'NOT_PRESIDING', 'ROUND_CLOSED', 'CASE_SETTLED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return trial.rounds.close(principal, params.caseId, params.roundId, body.reason, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/deadline',
      operationId: 'extendRound',
      summary: 'Extend the deadline (a later instant or wall-clock time, or whole days at the same local time); on a suspended round, resume it',
      tag: 'trial',
      auth: true,
      params: roundParams,
      body: extendRoundBody,
      success: { status: 200, description: 'the round with its new deadline, on the ledger', schema: roundView },
      errors: [...ROUND_ERRORS, 'NOT_PRESIDING', 'ROUND_CLOSED', 'CASE_SETTLED', 'CONSENT_REQUIRED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return trial.rounds.extend(principal, params.caseId, params.roundId, deadlineInput(body.deadline), body.reason, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/extension-requests',
      operationId: 'requestExtension',
      summary: 'Ask the court for more time, with a reason (before the deadline; one request waiting at a time)',
      tag: 'trial',
      auth: true,
      params: roundParams,
      body: extensionRequestBody,
      success: { status: 201, description: 'the round with your request, on the ledger', schema: roundView },
      errors: [...ROUND_ERRORS, 'NOT_REQUIRED_IN_ROUND', 'DEADLINE_PASSED', 'ROUND_CLOSED', 'ROUND_SUSPENDED', 'EXTENSION_ALREADY_REQUESTED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return trial.rounds.requestExtension(
          principal,
          params.caseId,
          params.roundId,
          { reason: body.reason, ...(body.proposedDeadline === undefined ? {} : { proposed: deadlineInput(body.proposedDeadline) }) },
          origin,
        );
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/extension-requests/:requestId/decision',
      operationId: 'decideExtension',
      summary: 'Grant a request for more time (with the new deadline) or deny it (with a reason)',
      tag: 'trial',
      auth: true,
      params: extensionParams,
      body: extensionDecisionBody,
      success: { status: 200, description: 'the round with the decision, on the ledger', schema: roundView },
      errors: [...ROUND_ERRORS, 'NOT_PRESIDING', 'ROUND_CLOSED', 'ROUND_SUSPENDED', 'EXTENSION_NOT_FOUND', 'EXTENSION_ALREADY_DECIDED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return trial.rounds.decideExtension(
          principal,
          params.caseId,
          params.roundId,
          params.requestId,
          { grant: body.grant, ...(body.deadline === undefined ? {} : { deadline: deadlineInput(body.deadline) }), ...(body.reason === undefined ? {} : { reason: body.reason }) },
          origin,
        );
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/threads/:threadId/window',
      operationId: 'openAnswerWindow',
      summary: 'Open a timed question you are asked: you see its text, and your answer window starts now (on the ledger; once). Only you open your own window',
      tag: 'trial',
      auth: true,
      params: threadParams,
      body: openWindowBody,
      success: { status: 201, description: 'the question, with your window', schema: threadView },
      errors: [...ROUND_ERRORS, 'THREAD_NOT_FOUND', 'QUESTION_NOT_TIMED', 'NOT_YOUR_WINDOW', 'NOT_REQUIRED_IN_ROUND', 'ROUND_CLOSED', 'ROUND_SUSPENDED', 'DEADLINE_PASSED', 'RECORD_CHANGED'] satisfies ErrorCode[],
      async handle({ principal, params, body, origin }) {
        return trial.rounds.openWindow(principal, params.caseId, params.roundId, params.threadId, body.for, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/threads/:threadId/answers',
      operationId: 'submitAnswer',
      summary: 'Answer a question, or change your answer (a new version; every version is kept) until the deadline. Acknowledged once durable and on the ledger',
      tag: 'trial',
      auth: true,
      params: threadParams,
      body: answerBody,
      success: { status: 201, description: 'your answer as stored', schema: answerView },
      errors: [
        ...ROUND_ERRORS,
        'THREAD_NOT_FOUND',
        'NOT_REQUIRED_IN_ROUND',
        'NOT_YOUR_ANSWER',
        'ROUND_CLOSED',
        'CASE_SETTLED',
        'ROUND_SUSPENDED',
        'DEADLINE_PASSED',
        'ANSWER_REVEALED',
        'EVIDENCE_NOT_FOUND',
        'NOT_YOUR_EVIDENCE',
        'EVIDENCE_ALREADY_WITHDRAWN',
        'EVIDENCE_SEALED',
        'WINDOW_NOT_OPENED',
        'WINDOW_CLOSED',
        'PAYLOAD_TOO_LARGE',
        'RECORD_CHANGED',
      ] satisfies ErrorCode[],
      async handle({ principal, params, body, origin }) {
        return trial.answers.submit(
          principal,
          params.caseId,
          params.roundId,
          params.threadId,
          {
            text: body.text,
            language: body.language,
            attachments: body.attachments,
            ...(body.for === undefined ? {} : { for: body.for }),
            ...(body.basedOnVersion === undefined ? {} : { basedOnVersion: body.basedOnVersion }),
          },
          origin,
        );
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/answers/:answerId',
      operationId: 'getAnswer',
      summary: 'An answer, if you may see it (a sealed answer of the other side is not found until revealed)',
      tag: 'trial',
      auth: true,
      params: answerParams,
      success: { status: 200, description: 'the answer', schema: answerView },
      errors: [...CASE_ERRORS, 'ANSWER_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return trial.answers.get(principal, params.caseId, params.answerId, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/answers/:answerId/versions',
      operationId: 'getAnswerVersions',
      summary: "Every version of an answer you may see, with each version's ledger commitment (and its nonce once no longer sealed)",
      tag: 'trial',
      auth: true,
      params: answerParams,
      success: { status: 200, description: 'the versions, oldest first', schema: answerVersionsView },
      errors: [...CASE_ERRORS, 'ANSWER_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return trial.answers.versions(principal, params.caseId, params.answerId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/rounds/:roundId/evidence',
      operationId: 'fileRoundEvidence',
      summary: 'File evidence to attach to your answer in this round (the file as the body, as for POST …/evidence). In a sealed round it is sealed with the answer until the round reveals it',
      tag: 'trial',
      auth: true,
      params: roundParams,
      query: evidenceUploadQuery,
      rawBody: { contentTypes: EVIDENCE_MEDIA_TYPES, description: `the file, at most ${court.policy.evidenceMaxBytes} bytes` },
      success: { status: 201, description: 'filed, durable and on the ledger (as a commitment while sealed)', schema: evidenceView },
      errors: [
        ...ROUND_ERRORS,
        'NOT_REQUIRED_IN_ROUND',
        'ROUND_CLOSED',
        'ROUND_SUSPENDED',
        'DEADLINE_PASSED',
        ...UPLOAD_ERRORS,
      ],
      async handle({ principal, params, query, origin, req }) {
        return trial.answers.fileEvidence(
          principal,
          params.caseId,
          params.roundId,
          req,
          uploadFiling(req, query),
          origin,
        );
      },
    }),
  ];
}
