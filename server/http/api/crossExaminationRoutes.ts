// Cross-examination of evidence over REST: each item's thread (the opposing side's view of its
// authenticity, legality and relevance, the filing side's replies, the court's questions and the
// answers to them) and the list of where every item stands. Pushes go over socket.io
// (realtime/TrialPushes: evidence:crossExamined).
import { idParams } from '../../protocol/caseRecordSchemas.js';
import type { PostInput } from '../../domain/trial/crossExamination.js';
import type { ErrorCode } from '../../protocol/ack.js';
import { crossExaminationListView, crossExaminationParams, crossExaminationPostBody, crossExaminationView, type CrossExaminationPostBody } from '../../protocol/crossExaminationSchemas.js';
import type { Court } from '../../record/Court.js';
import { route } from './apiRoute.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;

/** The body as the domain reads it (the schema has checked its shape). */
function postInput(body: CrossExaminationPostBody): PostInput {
  switch (body.kind) {
    case 'opinion':
      return { kind: 'opinion', opinion: body.opinion, language: body.language };
    case 'reply':
      return { kind: 'reply', text: body.text, language: body.language, ...(body.inReplyTo === undefined ? {} : { inReplyTo: body.inReplyTo }) };
    case 'question':
      return { kind: 'question', text: body.text, language: body.language, ...(body.to === undefined ? {} : { to: body.to }) };
    case 'answer':
      return { kind: 'answer', text: body.text, language: body.language, inReplyTo: body.inReplyTo };
  }
}

export function crossExaminationRoutes(court: Court) {
  const examination = court.trial.crossExamination;
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/cross-examinations',
      operationId: 'listCrossExaminations',
      summary: "Every evidence item on the open record with its cross-examination: each opposing side's latest view, the points disputed, who has not stated a view yet",
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the items and their threads', schema: crossExaminationListView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return { items: await examination.list(principal, params.caseId, origin) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/evidence/:evidenceId/cross-examination',
      operationId: 'getCrossExamination',
      summary: 'The cross-examination thread of an evidence item',
      tag: 'trial',
      auth: true,
      params: crossExaminationParams,
      success: { status: 200, description: 'the thread and where it stands', schema: crossExaminationView },
      errors: [...CASE_ERRORS, 'EVIDENCE_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return examination.view(principal, params.caseId, params.evidenceId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/evidence/:evidenceId/cross-examination',
      operationId: 'postCrossExamination',
      summary:
        "Add to an evidence item's cross-examination: the opposing side's opinion (authenticity, legality, relevance: accept or dispute, with reasons), the filing side's reply, the court's question, or an answer to it. On the ledger and the item's chain of custody",
      tag: 'trial',
      auth: true,
      params: crossExaminationParams,
      body: crossExaminationPostBody,
      success: { status: 201, description: 'the thread with the post, durable and on the ledger', schema: crossExaminationView },
      errors: [
        ...CASE_ERRORS,
        'CONSENT_REQUIRED',
        'NOT_PRESIDING',
        'EVIDENCE_NOT_FOUND',
        'EVIDENCE_SEALED',
        'EVIDENCE_ALREADY_WITHDRAWN',
        'NOT_OPPOSING_PARTY',
        'NOT_FILING_PARTY',
        'NOT_ADDRESSED_TO_YOU',
        'POST_NOT_FOUND',
        'PAYLOAD_TOO_LARGE',
        'RECORD_CHANGED',
      ] satisfies ErrorCode[],
      async handle({ principal, params, body, origin }) {
        return examination.post(principal, params.caseId, params.evidenceId, postInput(body), origin);
      },
    }),
  ];
}
