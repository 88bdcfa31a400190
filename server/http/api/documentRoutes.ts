// The documents of a case over REST: open one (empty or from a template), list those you may
// read, read one's record, and release minutes to the parties; versions and review marks
// (documentVersionRoutes.ts); locking and signing (documentSigningRoutes.ts). The text is edited
// over document sync (server/docs).
import { DOCUMENT_SYNC_PATH } from '../../protocol/documentSync.js';
import { createDocumentBody, documentListView, documentParams, documentView } from '../../protocol/documentSchemas.js';
import { idParams } from '../../protocol/caseRecordSchemas.js';
import type { Court } from '../../record/Court.js';
import type { DocumentForYou } from '../../record/CaseDocuments.js';
import { route } from './apiRoute.js';
import { documentSigningRoutes } from './documentSigningRoutes.js';
import { documentVersionRoutes } from './documentVersionRoutes.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;

const view = (document: DocumentForYou) => ({ ...document, syncPath: `${DOCUMENT_SYNC_PATH}/${document.id}` });

export function documentRoutes(court: Court) {
  return [
    route({
      method: 'post',
      path: '/cases/:caseId/documents',
      operationId: 'createDocument',
      summary: 'Open a document to write together: minutes (clerk, judge), a statement of agreed facts (the parties), a settlement agreement (the parties and the mediator)',
      tag: 'documents',
      auth: true,
      params: idParams.caseId,
      body: createDocumentBody,
      success: { status: 201, description: 'the new document (on the case ledger)', schema: documentView },
      errors: CASE_ERRORS,
      async handle({ principal, params, body, origin }) {
        return view(await court.documents.create(principal, params.caseId, body, origin));
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/documents',
      operationId: 'listDocuments',
      summary: 'The documents of the case you may read (minutes once released, for the parties)',
      tag: 'documents',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the documents', schema: documentListView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return { documents: (await court.documents.list(principal, params.caseId, origin)).map(view) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/documents/:documentId',
      operationId: 'getDocument',
      summary: "A document's record and whether you may write it",
      tag: 'documents',
      auth: true,
      params: documentParams,
      success: { status: 200, description: 'the document', schema: documentView },
      errors: [...CASE_ERRORS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_NOT_RELEASED'],
      async handle({ principal, params, origin }) {
        return view(await court.documents.get(principal, params.caseId, params.documentId, origin));
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/documents/:documentId/release',
      operationId: 'releaseMinutes',
      summary: 'Release the minutes to the parties, who may read them from then on (on the case ledger)',
      tag: 'documents',
      auth: true,
      params: documentParams,
      success: { status: 200, description: 'the released minutes', schema: documentView },
      errors: [...CASE_ERRORS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_NOT_RELEASABLE', 'DOCUMENT_ALREADY_RELEASED', 'RECORD_CHANGED'],
      async handle({ principal, params, origin }) {
        return view(await court.documents.release(principal, params.caseId, params.documentId, origin));
      },
    }),
    ...documentVersionRoutes(court),
    ...documentSigningRoutes(court),
  ];
}
