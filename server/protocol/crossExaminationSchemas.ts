// The REST bodies and views of evidence cross-examination (domain/trial/crossExamination.ts), as
// zod schemas: validated at the edge, described in the OpenAPI document, typed for the client.
import { z } from 'zod';
import { CASE_ROLES } from '../domain/access/roles.js';
import { EXAMINATION_POINTS, MAX_REASONS_CHARS, POST_KINDS, STANCES } from '../domain/trial/crossExamination.js';
import { languageTag, side, text, timestamp, uuid } from './trialSchemas.js';

export const crossExaminationParams = z.object({ caseId: uuid('caseId'), evidenceId: uuid('evidenceId') });

const point = (name: string) =>
  z
    .object({
      stance: z.enum(STANCES, { error: `${name}.stance is 'accept' or 'dispute'` }),
      reasons: text(`the reasons for ${name}`, MAX_REASONS_CHARS),
    })
    .strict()
    .describe(`your view of its ${name}, with reasons`);

const opinionShape = z
  .object({ authenticity: point('authenticity'), legality: point('legality'), relevance: point('relevance') })
  .strict();

/** One post: an opinion (the opposing side), a reply (the filing side), a question (the court), an answer (to a question). */
export const crossExaminationPostBody = z.discriminatedUnion(
  'kind',
  [
    z
      .object({ kind: z.literal('opinion'), opinion: opinionShape, language: languageTag('language') })
      .strict()
      .describe("the opposing side's view of the item's authenticity, legality and relevance (restating it replaces the side's earlier view; both stay on the record)"),
    z
      .object({ kind: z.literal('reply'), text: text('the reply', MAX_REASONS_CHARS), language: languageTag('language'), inReplyTo: uuid('inReplyTo').optional() })
      .strict()
      .describe("the filing side's reply, optionally to one opinion"),
    z
      .object({ kind: z.literal('question'), text: text('the question', MAX_REASONS_CHARS), language: languageTag('language'), to: side.optional() })
      .strict()
      .describe("the court's question in the thread, to one side or (no `to`) both"),
    z
      .object({ kind: z.literal('answer'), text: text('the answer', MAX_REASONS_CHARS), language: languageTag('language'), inReplyTo: uuid('inReplyTo') })
      .strict()
      .describe('an answer to a question of the court'),
  ],
  { error: "kind is 'opinion', 'reply', 'question' or 'answer'" },
);

const pointView = z.object({ stance: z.enum(STANCES), reasons: z.string() });
const opinionView = z.object({ authenticity: pointView, legality: pointView, relevance: pointView });

export const crossExaminationView = z.object({
  evidenceId: z.string(),
  caseId: z.string(),
  title: z.string().describe("the evidence item's title"),
  filingSide: side.optional().describe('the side that filed it (absent: filed by the court, examined by both sides)'),
  withdrawn: z.boolean(),
  posts: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(POST_KINDS),
      opinion: opinionView.optional(),
      text: z.string().optional(),
      language: z.string(),
      inReplyTo: z.string().optional(),
      to: side.optional(),
      by: z.string(),
      byName: z.string(),
      role: z.enum(CASE_ROLES),
      side: side.optional(),
      at: timestamp,
      ledgerSeq: z.number().int(),
    }),
  ),
  summary: z.object({
    opinions: z.array(z.object({ side, opinion: opinionView, postId: z.string(), at: timestamp })).describe("each opposing side's latest view"),
    disputed: z.array(z.enum(EXAMINATION_POINTS)).describe('the points an opposing side disputes'),
    awaiting: z.array(side).describe('opposing sides that have not stated their view yet'),
  }),
});
export const crossExaminationListView = z.object({ items: z.array(crossExaminationView) });

export type CrossExaminationView = z.infer<typeof crossExaminationView>;
export type CrossExaminationPostBody = z.output<typeof crossExaminationPostBody>;
