// A document's versions over REST: save the text under a name, list the versions, see what
// changed between two (or between one and now), restore one as a new edit; and, for bilingual
// documents, which paragraphs need review.
import { diffQuery, diffView, documentParams, restoreView, reviewView, saveVersionBody, versionListView, versionParams, versionView } from '../../protocol/documentSchemas.js';
import type { Court } from '../../record/Court.js';
import { route } from './apiRoute.js';

const DOCUMENT_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'DOCUMENT_NOT_FOUND', 'DOCUMENT_NOT_RELEASED'] as const;

export function documentVersionRoutes(court: Court) {
  return [
    route({
      method: 'post',
      path: '/cases/:caseId/documents/:documentId/versions',
      operationId: 'saveDocumentVersion',
      summary: "Save the document's text as it stands under a name (those who write it; not once locked)",
      tag: 'documents',
      auth: true,
      params: documentParams,
      body: saveVersionBody,
      success: { status: 201, description: 'the saved version', schema: versionView },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_LOCKED'],
      async handle({ principal, params, body, origin }) {
        return court.documentVersions.save(principal, params.caseId, params.documentId, body.name, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/documents/:documentId/versions',
      operationId: 'listDocumentVersions',
      summary: "The document's named versions, oldest first",
      tag: 'documents',
      auth: true,
      params: documentParams,
      success: { status: 200, description: 'the versions', schema: versionListView },
      errors: DOCUMENT_ERRORS,
      async handle({ principal, params, origin }) {
        return { versions: await court.documentVersions.list(principal, params.caseId, params.documentId, origin) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/documents/:documentId/diff',
      operationId: 'diffDocumentVersions',
      summary: 'What changed from one version to another (or to now), per language, paragraph by paragraph, with a word-level diff of changed paragraphs',
      tag: 'documents',
      auth: true,
      params: documentParams,
      query: diffQuery,
      success: { status: 200, description: 'the diff', schema: diffView },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_VERSION_NOT_FOUND'],
      async handle({ principal, params, query, origin }) {
        return court.documentVersions.diff(principal, params.caseId, params.documentId, query.from, query.to, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/documents/:documentId/versions/:versionId/restore',
      operationId: 'restoreDocumentVersion',
      summary: "Make the text the version's again, as a new edit stored and relayed to everyone editing (history is kept; refused once locked)",
      tag: 'documents',
      auth: true,
      params: versionParams,
      success: { status: 200, description: 'restored', schema: restoreView },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_VERSION_NOT_FOUND', 'DOCUMENT_LOCKED'],
      async handle({ principal, params, origin }) {
        return court.documentVersions.restore(principal, params.caseId, params.documentId, params.versionId, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/documents/:documentId/review',
      operationId: 'getDocumentReview',
      summary: 'Paragraphs of a bilingual document that need review because their counterpart changed in the other language',
      tag: 'documents',
      auth: true,
      params: documentParams,
      success: { status: 200, description: 'the review marks', schema: reviewView },
      errors: DOCUMENT_ERRORS,
      async handle({ principal, params, origin }) {
        return court.documents.review(principal, params.caseId, params.documentId, origin);
      },
    }),
  ];
}
