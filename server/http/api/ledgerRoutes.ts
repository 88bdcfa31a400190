// The ledger over REST: the court's public key, signed tree heads, entries, inclusion and
// consistency proofs, and the case bundle that the offline verifier checks.
import { rawEd25519PublicKey } from '../../domain/ledger/treeHead.js';
import { hashLeaf, hashToHex } from '../../domain/ledger/hashing.js';
import { createCaseBundleManifest } from '../../domain/ledger/caseBundle.js';
import { CourtError } from '../../domain/CourtError.js';
import {
  consistencyQuery,
  consistencyView,
  entriesQuery,
  entriesView,
  idParams,
  inclusionQuery,
  inclusionView,
  publicKeyView,
  treeHeadView,
} from '../../protocol/caseRecordSchemas.js';
import { writeCaseBundle } from '../../bundle/writeCaseBundle.js';
import type { Court } from '../../record/Court.js';
import { RESPONDED, route } from './apiRoute.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;

export function ledgerRoutes(court: Court) {
  const publicKey = rawEd25519PublicKey(court.secrets.ledgerPublicKey);
  return [
    route({
      method: 'get',
      path: '/ledger/public-key',
      operationId: 'getLedgerPublicKey',
      summary: "The court's Ed25519 key that signs every tree head: compare it with the key in an exported bundle",
      tag: 'ledger',
      auth: false,
      success: { status: 200, description: 'the public key', schema: publicKeyView },
      errors: [],
      async handle() {
        return { algorithm: 'Ed25519', publicKey: hashToHex(publicKey), pem: court.secrets.ledgerPublicKey.export({ format: 'pem', type: 'spki' }).toString() };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/ledger/tree-head',
      operationId: 'getTreeHead',
      summary: "A freshly signed head of the case's ledger",
      tag: 'ledger',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the signed tree head', schema: treeHeadView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        await court.access.authorize(principal, params.caseId, 'ledger.view', origin);
        return court.ledger.treeHead(params.caseId);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/ledger/entries',
      operationId: 'getLedgerEntries',
      summary: 'Ledger entries [from, to) with their exact bytes and leaf hashes',
      tag: 'ledger',
      auth: true,
      params: idParams.caseId,
      query: entriesQuery,
      success: { status: 200, description: 'the entries', schema: entriesView },
      errors: [...CASE_ERRORS, 'PROOF_OUT_OF_RANGE'],
      async handle({ principal, params, query, origin }) {
        await court.access.authorize(principal, params.caseId, 'ledger.view', origin);
        const size = await court.ledger.size(params.caseId);
        const to = query.to ?? size;
        if (query.from > to || to > size) throw new CourtError('PROOF_OUT_OF_RANGE', `the ledger has ${size} entries; ask for 0 ≤ from ≤ to ≤ ${size}`);
        const bytes = await court.ledger.entryBytes(params.caseId, query.from, to);
        return {
          entries: bytes.map((b, i) => ({
            seq: query.from + i,
            bytes: Buffer.from(b).toString('base64'),
            entry: JSON.parse(Buffer.from(b).toString('utf8')) as unknown,
            leafHash: hashToHex(hashLeaf(b)),
          })),
        };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/ledger/inclusion-proof',
      operationId: 'getInclusionProof',
      summary: 'RFC 9162 inclusion proof of entry `index` in the tree of `treeSize` entries',
      tag: 'ledger',
      auth: true,
      params: idParams.caseId,
      query: inclusionQuery,
      success: { status: 200, description: 'the proof', schema: inclusionView },
      errors: [...CASE_ERRORS, 'PROOF_OUT_OF_RANGE'],
      async handle({ principal, params, query, origin }) {
        await court.access.authorize(principal, params.caseId, 'ledger.view', origin);
        const proof = await court.ledger.inclusionProof(params.caseId, query.index, query.treeSize);
        const [bytes] = await court.ledger.entryBytes(params.caseId, query.index, query.index + 1);
        return { index: query.index, treeSize: query.treeSize, leafHash: hashToHex(hashLeaf(bytes!)), proof };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/ledger/consistency-proof',
      operationId: 'getConsistencyProof',
      summary: 'RFC 9162 consistency proof that the tree of `from` entries is a prefix of the tree of `to` entries',
      tag: 'ledger',
      auth: true,
      params: idParams.caseId,
      query: consistencyQuery,
      success: { status: 200, description: 'the proof', schema: consistencyView },
      errors: [...CASE_ERRORS, 'PROOF_OUT_OF_RANGE'],
      async handle({ principal, params, query, origin }) {
        await court.access.authorize(principal, params.caseId, 'ledger.view', origin);
        return { from: query.from, to: query.to, proof: await court.ledger.consistencyProof(params.caseId, query.from, query.to) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/export',
      operationId: 'exportCase',
      summary: 'The case bundle (tar: case.json with every ledger entry and a signed tree head, and the evidence files) for `npm run verify`',
      tag: 'ledger',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the bundle', contentType: 'application/x-tar' },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin, res }) {
        const grant = await court.access.authorize(principal, params.caseId, 'case.export', origin);
        await court.access.noteRead(grant);
        // Read before the ledger's size, so every rendering listed has its lock among the entries.
        const renderings = await court.documentSigning.renderingsFor(grant.role, params.caseId);
        const size = await court.ledger.size(params.caseId);
        const entries = await court.ledger.entryBytes(params.caseId, 0, size);
        const treeHead = await court.ledger.treeHead(params.caseId, size);
        const seen = new Map<string, number>();
        // Only what the caller may see: evidence sealed from them stays out of their bundle.
        for (const item of await court.evidence.allOfCase(params.caseId, grant)) seen.set(item.sha256, item.size);
        const manifest = createCaseBundleManifest({
          caseId: params.caseId,
          exportedAt: new Date(),
          ledgerPublicKey: publicKey,
          treeHead,
          entries,
          evidence: [...seen].map(([sha256, bytes]) => ({ sha256, size: bytes })),
          ...(renderings.length === 0 ? {} : { documents: renderings.map(({ documentId, sha256, bytes }) => ({ documentId, sha256, size: bytes.length })) }),
        });
        res.status(200).set({ 'Content-Type': 'application/x-tar', 'Content-Disposition': `attachment; filename="case-${params.caseId}.tar"` });
        await writeCaseBundle(
          res,
          manifest,
          async (sha256) => ({ stream: court.files.createReadStream(sha256), size: await court.files.size(sha256) }),
          new Map(renderings.map(({ sha256, bytes }) => [sha256, bytes])),
        );
        return RESPONDED;
      },
    }),
  ];
}
