// Locking and signing documents over REST: lock the final text (the presiding side), each
// required signer signs once (with the key the court keeps for them, or their own), the status of
// the signatures, the signed export as HTML or PDF, and each participant's signing key.
import { idParams } from '../../protocol/caseRecordSchemas.js';
import { documentParams, documentView, lockBody, signatureStatusView, signatureView, signBody, signingKeyBody, signingKeyView } from '../../protocol/documentSchemas.js';
import { DOCUMENT_SYNC_PATH } from '../../protocol/documentSync.js';
import type { Court } from '../../record/Court.js';
import { RESPONDED, route } from './apiRoute.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;
const DOCUMENT_ERRORS = [...CASE_ERRORS, 'DOCUMENT_NOT_FOUND', 'DOCUMENT_NOT_RELEASED'] as const;

export function documentSigningRoutes(court: Court) {
  const exportRoute = (format: 'html' | 'pdf') =>
    route({
      method: 'get',
      path: `/cases/:caseId/documents/:documentId/export.${format}`,
      operationId: format === 'html' ? 'exportSignedDocumentHtml' : 'exportSignedDocumentPdf',
      summary: `The signed export as ${format.toUpperCase()}: the locked text and a signature page (signer, role, time, key fingerprint, signature, document hash)`,
      tag: 'documents',
      auth: true,
      params: documentParams,
      success: { status: 200, description: 'the signed export', contentType: format === 'html' ? 'text/html' : 'application/pdf' },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_NOT_LOCKED'],
      async handle({ principal, params, origin, res }) {
        const file = await court.documentSigning.export(principal, params.caseId, params.documentId, format, origin);
        res
          .status(200)
          .set({ 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"`, 'Content-Length': String(file.bytes.length) })
          .end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
        return RESPONDED;
      },
    });
  return [
    route({
      method: 'post',
      path: '/cases/:caseId/documents/:documentId/lock',
      operationId: 'lockDocument',
      summary: 'Lock the final text (judge, arbitrator or mediator, of a kind they read): no more edits; its canonical rendering is hashed and the hash and required signers go on the ledger',
      tag: 'documents',
      auth: true,
      params: documentParams,
      body: lockBody,
      success: { status: 200, description: 'the locked document', schema: documentView },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_ALREADY_LOCKED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        const document = await court.documentSigning.lock(principal, params.caseId, params.documentId, body.signers, origin);
        return { ...document, syncPath: `${DOCUMENT_SYNC_PATH}/${document.id}` };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/documents/:documentId/signatures',
      operationId: 'signDocument',
      summary: 'Sign the locked document, once, as one of its required signers: the court signs with the key it keeps for you, or send your own signature over signingPayload',
      tag: 'documents',
      auth: true,
      params: documentParams,
      body: signBody,
      success: { status: 201, description: 'the signature (on the ledger)', schema: signatureView },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_NOT_LOCKED', 'NOT_A_REQUIRED_SIGNER', 'NOT_YOUR_SIGNATURE', 'DOCUMENT_ALREADY_SIGNED', 'SIGNATURE_INVALID'],
      async handle({ principal, params, body, origin }) {
        return court.documentSigning.sign(principal, params.caseId, params.documentId, body, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/documents/:documentId/signatures',
      operationId: 'getDocumentSignatures',
      summary: 'The document hash, the exact bytes each signer signs, who must sign and who has',
      tag: 'documents',
      auth: true,
      params: documentParams,
      success: { status: 200, description: 'the signatures', schema: signatureStatusView },
      errors: [...DOCUMENT_ERRORS, 'DOCUMENT_NOT_LOCKED'],
      async handle({ principal, params, origin }) {
        return court.documentSigning.status(principal, params.caseId, params.documentId, origin);
      },
    }),
    exportRoute('html'),
    exportRoute('pdf'),
    route({
      method: 'get',
      path: '/cases/:caseId/signing-key',
      operationId: 'getSigningKey',
      summary: 'Your signing key in this case (public half only)',
      tag: 'documents',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'your key', schema: signingKeyView },
      errors: [...CASE_ERRORS, 'SIGNING_KEY_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return court.signingKeys.own(principal, params.caseId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/signing-key',
      operationId: 'registerSigningKey',
      summary: 'Register your own Ed25519 public key before your first signature; you then sign with your private key, which the court never sees (on the ledger)',
      tag: 'documents',
      auth: true,
      params: idParams.caseId,
      body: signingKeyBody,
      success: { status: 201, description: 'your key', schema: signingKeyView },
      errors: [...CASE_ERRORS, 'SIGNING_KEY_ALREADY_SET'],
      async handle({ principal, params, body, origin }) {
        return court.signingKeys.register(principal, params.caseId, body.publicKey, origin);
      },
    }),
  ];
}
