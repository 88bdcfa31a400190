// The REST bodies of the documents of a case, as zod schemas (validated at the edge, described in
// the OpenAPI document, typed for the browser client). The text itself is not here: it syncs over
// the y-websocket protocol at `syncPath` (documentSync.ts).
import { z } from 'zod';
import { isValidLanguageTag } from '../domain/cases/caseParticipant.js';
import { BLOCK_NODES } from '../domain/documents/documentContent.js';
import { DOCUMENT_KINDS } from '../domain/documents/documentKinds.js';
import { MAX_SIGNERS } from '../domain/documents/requiredSigners.js';
import { TEMPLATE_NAMES } from '../domain/documents/documentTemplates.js';
import { CASE_ROLES } from '../domain/access/roles.js';
import { UUID } from './caseRecordSchemas.js';

const uuid = z.string().regex(UUID, 'an id is a UUID like 3f2b…-…');
const timestamp = z.string().describe('UTC instant, YYYY-MM-DDTHH:mm:ss.sssZ');
const hex = (digits: number, what: string) => z.string({ error: `${what} is required` }).regex(new RegExp(`^[0-9a-f]{${digits}}$`), `${what} is ${digits} lowercase hex digits`);

export const documentParams = z.object({ caseId: uuid, documentId: uuid });
export const versionParams = z.object({ caseId: uuid, documentId: uuid, versionId: uuid });

export const createDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS, { error: `kind is one of ${DOCUMENT_KINDS.join(', ')}` }),
    title: z
      .string({ error: 'a title is required' })
      .trim()
      .min(1, 'a title is required')
      .max(200, 'a title is at most 200 characters')
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'a title may not contain control characters'),
    languages: z
      .array(z.string().max(35).refine(isValidLanguageTag, 'a language is a BCP 47 tag such as "en" or "zh-CN"'))
      .max(2, 'a document holds at most 2 languages')
      .optional()
      .describe('languages of the case the document is written in (one, or two for a bilingual document); default: the language of the proceedings'),
    template: z
      .union([z.boolean(), z.enum(TEMPLATE_NAMES)], { error: `template is true (the kind's own template), false, or one of ${TEMPLATE_NAMES.join(', ')}` })
      .optional()
      .describe("start from the court's template for the kind, in each of the document's languages with linked paragraphs: true, or the template's name"),
  })
  .strict();

export const documentView = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  languages: z.array(z.string()),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: timestamp,
  ledgerSeq: z.number().int().describe('the ledger entry that records its opening'),
  released: z.boolean().optional().describe('minutes only: released to the parties'),
  releasedAt: timestamp.optional(),
  releasedBy: z.string().optional(),
  template: z.enum(TEMPLATE_NAMES).optional().describe('the template its first text came from'),
  locked: z.boolean(),
  lock: z
    .object({
      lockedAt: timestamp,
      lockedBy: z.string(),
      lockedByName: z.string(),
      documentHash: z.string().describe('SHA-256 of the canonical rendering of the locked text'),
      rendering: z.string().describe('the canonical rendering format'),
      requiredSigners: z.array(z.object({ participantId: z.string(), name: z.string(), role: z.enum(CASE_ROLES) })),
      ledgerSeq: z.number().int(),
    })
    .optional()
    .describe('once locked: when, by whom, the document hash and who must sign'),
  access: z.enum(['write', 'read']).describe('what you may do with its text; the sync connection enforces it'),
  syncPath: z.string().describe('connect a y-websocket WebsocketProvider to this path on the server with params { token: <access token> }'),
});
export const documentListView = z.object({ documents: z.array(documentView) });

export type DocumentView = z.infer<typeof documentView>;

// Versions

const versionName = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(100, 'name is at most 100 characters')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'name may not contain control characters');

export const saveVersionBody = z.object({ name: versionName }).strict();

export const versionView = z.object({
  id: z.string(),
  documentId: z.string(),
  caseId: z.string(),
  name: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: timestamp,
  documentHash: z.string().describe('SHA-256 of the canonical rendering of the text the version holds'),
});
export const versionListView = z.object({ versions: z.array(versionView) });

export const diffQuery = z
  .object({
    from: uuid.describe('the version to compare from'),
    to: uuid.optional().describe('the version to compare with; absent: the text as it stands now'),
  })
  .strict();

const diffSide = z.object({ versionId: z.string().nullable(), name: z.string(), at: timestamp.nullable() });
const block = z.enum(BLOCK_NODES);
const paragraphChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('unchanged'), pid: z.string().nullable(), block, text: z.string() }),
  z.object({
    status: z.literal('changed'),
    pid: z.string().nullable(),
    block,
    before: z.string(),
    after: z.string(),
    formatOnly: z.boolean().describe('the words are the same; the marks or the kind of block changed'),
    words: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })).describe('word-level diff of before → after'),
  }),
  z.object({ status: z.literal('added'), pid: z.string().nullable(), block, after: z.string() }),
  z.object({ status: z.literal('removed'), pid: z.string().nullable(), block, before: z.string() }),
]);
export const diffView = z.object({
  documentId: z.string(),
  from: diffSide,
  to: diffSide,
  languages: z.array(
    z.object({
      language: z.string(),
      added: z.number().int(),
      removed: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      paragraphs: z.array(paragraphChange),
    }),
  ),
});

export const restoreView = z.object({
  version: versionView,
  changed: z.boolean().describe('false when the text already was the version’s'),
});

// Review marks (bilingual documents)

export const reviewView = z.object({
  documentId: z.string(),
  languages: z.array(z.string()),
  marks: z.array(
    z.object({
      language: z.string().describe('the language whose paragraph needs review'),
      pid: z.string(),
      changedIn: z.string().describe('the language where its counterpart changed'),
      at: z.string(),
      text: z.string().nullable().describe('the paragraph as it stands (null if it no longer exists)'),
      counterpartText: z.string().nullable().describe('its counterpart in the other language, as changed'),
    }),
  ),
});

// Lock and sign

export const lockBody = z
  .object({
    signers: z
      .array(uuid)
      .max(MAX_SIGNERS, `signers names at most ${MAX_SIGNERS} participants`)
      .optional()
      .describe('participant ids of those who must sign; default: the parties (and, for a settlement, the mediator; for minutes, the judge and clerk)'),
  })
  .strict();

export const signBody = z
  .object({
    signer: uuid.optional().describe('whom you sign as: only yourself'),
    signature: hex(128, 'signature')
      .optional()
      .describe('your Ed25519 signature over signingPayload (GET …/signatures), if you registered your own key; absent: the court signs with the key it keeps for you'),
  })
  .strict();

export const signatureView = z.object({
  documentId: z.string(),
  caseId: z.string(),
  documentHash: z.string(),
  signerId: z.string(),
  signerName: z.string(),
  signerRole: z.enum(CASE_ROLES),
  signerTimeZone: z.string(),
  publicKey: z.string().describe('raw Ed25519 public key, hex'),
  keyFingerprint: z.string().describe('SHA-256 of the raw public key, hex'),
  keyCustody: z.enum(['court', 'participant']),
  signature: z.string().describe('Ed25519 signature over signingPayload, hex'),
  signedAt: timestamp,
  ledgerSeq: z.number().int(),
});

export const signatureStatusView = z.object({
  documentId: z.string(),
  documentHash: z.string(),
  rendering: z.string(),
  signingPayload: z.string().describe('hex of the exact bytes each signer signs'),
  lockedAt: timestamp,
  lockedBy: z.string(),
  lockedByName: z.string(),
  lockLedgerSeq: z.number().int(),
  requiredSigners: z.array(z.object({ participantId: z.string(), name: z.string(), role: z.enum(CASE_ROLES), signedAt: timestamp.nullable() })),
  signatures: z.array(signatureView),
  complete: z.boolean(),
});

export const signingKeyBody = z.object({ publicKey: hex(64, 'publicKey').describe('your raw Ed25519 public key (32 bytes) as hex') }).strict();

export const signingKeyView = z.object({
  participantId: z.string(),
  caseId: z.string(),
  publicKey: z.string(),
  keyFingerprint: z.string(),
  custody: z.enum(['court', 'participant']),
  createdAt: timestamp,
  ledgerSeq: z.number().int(),
});

export type VersionView = z.infer<typeof versionView>;
export type DiffView = z.infer<typeof diffView>;
export type RestoreView = z.infer<typeof restoreView>;
export type ReviewView = z.infer<typeof reviewView>;
export type SignatureView = z.infer<typeof signatureView>;
export type SignatureStatusView = z.infer<typeof signatureStatusView>;
export type SigningKeyView = z.infer<typeof signingKeyView>;
