// The REST bodies of the documents of a case, as zod schemas (validated at the edge, described in
// the OpenAPI document, typed for the browser client). The text itself is not here: it syncs over
// the y-websocket protocol at `syncPath` (documentSync.ts).
import { z } from 'zod';
import { isValidLanguageTag } from '../domain/cases/caseParticipant.js';
import { DOCUMENT_KINDS } from '../domain/documents/documentKinds.js';
import { UUID } from './caseRecordSchemas.js';

const uuid = z.string().regex(UUID, 'an id is a UUID like 3f2b…-…');
const timestamp = z.string().describe('UTC instant, YYYY-MM-DDTHH:mm:ss.sssZ');

export const documentParams = z.object({ caseId: uuid, documentId: uuid });

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
  locked: z.boolean(),
  access: z.enum(['write', 'read']).describe('what you may do with its text; the sync connection enforces it'),
  syncPath: z.string().describe('connect a y-websocket WebsocketProvider to this path on the server with params { token: <access token> }'),
});
export const documentListView = z.object({ documents: z.array(documentView) });

export type DocumentView = z.infer<typeof documentView>;
