// Filing, listing, reading and withdrawing evidence, and its chain of custody.
import { EVIDENCE_MEDIA_TYPES } from '../../domain/evidence/evidenceTypes.js';
import { parseByteRange } from '../../domain/evidence/byteRange.js';
import { custodyView, evidenceListView, evidenceUploadQuery, evidenceView, idParams, withdrawBody } from '../../protocol/caseRecordSchemas.js';
import type { Court } from '../../record/Court.js';
import { RESPONDED, route } from './apiRoute.js';
import { UPLOAD_ERRORS, uploadFiling } from './evidenceUpload.js';
import { sendStoredFile } from './storedFileResponse.js';

export function evidenceRoutes(court: Court) {
  return [
    route({
      method: 'post',
      path: '/cases/:caseId/evidence',
      operationId: 'fileEvidence',
      summary: 'File evidence: the request body is the file itself, sent with its real Content-Type; the metadata is in the query',
      tag: 'evidence',
      auth: true,
      params: idParams.caseId,
      query: evidenceUploadQuery,
      rawBody: { contentTypes: EVIDENCE_MEDIA_TYPES, description: `the file, at most ${court.policy.evidenceMaxBytes} bytes` },
      success: { status: 201, description: 'filed, durable and on the ledger', schema: evidenceView },
      errors: [
        'CASE_NOT_FOUND',
        'NOT_A_CASE_PARTICIPANT',
        'FORBIDDEN',
        ...UPLOAD_ERRORS,
      ],
      async handle({ principal, params, query, origin, req }) {
        return court.evidence.file(
          principal,
          params.caseId,
          req,
          uploadFiling(req, query),
          origin,
        );
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/evidence',
      operationId: 'listEvidence',
      summary: 'The evidence filed in the case (withdrawn items included, marked)',
      tag: 'evidence',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the evidence', schema: evidenceListView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'],
      async handle({ principal, params, origin }) {
        return { evidence: await court.evidence.list(principal, params.caseId, origin) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/evidence/:evidenceId',
      operationId: 'getEvidence',
      summary: "An evidence item's metadata",
      tag: 'evidence',
      auth: true,
      params: idParams.evidence,
      success: { status: 200, description: 'the evidence item', schema: evidenceView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'EVIDENCE_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return court.evidence.get(principal, params.caseId, params.evidenceId, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/evidence/:evidenceId/content',
      operationId: 'downloadEvidence',
      summary: 'The evidence file (supports Range requests); a read from the start is on the chain of custody',
      tag: 'evidence',
      auth: true,
      params: idParams.evidence,
      success: { status: 200, description: 'the file (206 for a range)', contentType: 'application/octet-stream' },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'EVIDENCE_NOT_FOUND', 'RANGE_NOT_SATISFIABLE'],
      async handle({ principal, params, origin, req, res }) {
        const header = typeof req.headers.range === 'string' ? req.headers.range : undefined;
        const rangeOf = (size: number) => parseByteRange(header, size);
        const { item, range, stream } = await court.evidence.open(principal, params.caseId, params.evidenceId, rangeOf, origin, req.method !== 'HEAD');
        await sendStoredFile(res, { size: item.size, mediaType: item.mediaType, fileName: item.fileName, sha256: item.sha256 }, range, stream);
        return RESPONDED;
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/evidence/:evidenceId/withdrawal',
      operationId: 'withdrawEvidence',
      summary: 'Withdraw evidence your side filed, with a reason (it stays on the record, marked withdrawn)',
      tag: 'evidence',
      auth: true,
      params: idParams.evidence,
      body: withdrawBody,
      success: { status: 200, description: 'the evidence as withdrawn', schema: evidenceView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'EVIDENCE_NOT_FOUND', 'EVIDENCE_ALREADY_WITHDRAWN', 'NOT_YOUR_EVIDENCE'],
      async handle({ principal, params, body, origin }) {
        return court.evidence.withdraw(principal, params.caseId, params.evidenceId, body.reason, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/evidence/:evidenceId/custody',
      operationId: 'getCustody',
      summary: 'The chain of custody: filed, viewed by whom, presented, cross-examined, withdrawn',
      tag: 'evidence',
      auth: true,
      params: idParams.evidence,
      success: { status: 200, description: 'the custody trail', schema: custodyView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'EVIDENCE_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return { lines: await court.evidence.custody(principal, params.caseId, params.evidenceId, origin) };
      },
    }),
  ];
}
