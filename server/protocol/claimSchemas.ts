// The REST bodies and views of claims and issues (domain/trial/claims.ts), as zod schemas:
// validated at the edge, described in the OpenAPI document, typed for the client.
import { z } from 'zod';
import { MAX_CLAIM_CHARS, MAX_CLAIM_EVIDENCE, MAX_CLAIM_REASONS_CHARS, MAX_CLAIMS_PER_STATEMENT, POSITIONS } from '../domain/trial/claims.js';
import { languageTag, text, timestamp, uuid } from './trialSchemas.js';

export const claimParams = z.object({ caseId: uuid('caseId'), claimId: uuid('claimId') });

export const stateClaimsBody = z
  .object({
    claims: z
      .array(
        z
          .object({
            text: text('a claim', MAX_CLAIM_CHARS),
            language: languageTag('the language of a claim'),
            against: z.array(uuid('a respondent')).max(20).optional().describe('the respondents it is made against (default: every respondent of the case)'),
          })
          .strict(),
        { error: 'claims is required: the claims, each { text, language }' },
      )
      .min(1, 'state at least one claim')
      .max(MAX_CLAIMS_PER_STATEMENT, `state at most ${MAX_CLAIMS_PER_STATEMENT} claims at once`),
  })
  .strict();

export const claimAnswerBody = z
  .object({
    position: z.enum(POSITIONS, { error: "position is 'admit', 'deny' or 'partlyAdmit'" }),
    reasons: text('the reasons', MAX_CLAIM_REASONS_CHARS).optional().describe('required for deny and partlyAdmit'),
    admittedPart: text('the admitted part', MAX_CLAIM_CHARS).optional().describe('partlyAdmit: what you admit, in your words'),
    language: languageTag('language'),
    evidence: z
      .array(uuid('an evidence reference'))
      .max(MAX_CLAIM_EVIDENCE, `refer to at most ${MAX_CLAIM_EVIDENCE} evidence items`)
      .refine((ids) => new Set(ids).size === ids.length, 'refer to each evidence item once')
      .default([])
      .describe('evidence of this case you rely on'),
    for: uuid('for').optional().describe('counsel for the respondents: the respondent you answer for'),
    basedOnVersion: z.number().int().min(1).optional().describe('the version of the answer you changed: refused with RECORD_CHANGED if it has moved on'),
  })
  .strict();

const responseView = z.object({
  respondentId: z.string(),
  respondentName: z.string(),
  position: z.enum(POSITIONS),
  reasons: z.string().optional(),
  admittedPart: z.string().optional(),
  language: z.string(),
  evidence: z.array(z.string()),
  version: z.number().int(),
  by: z.string(),
  byName: z.string(),
  at: timestamp,
  ledgerSeq: z.number().int(),
});

export const claimsView = z.object({
  caseId: z.string(),
  claims: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      text: z.string(),
      language: z.string(),
      against: z.array(z.string()),
      statedBy: z.string(),
      statedByName: z.string(),
      statedAt: timestamp,
      ledgerSeq: z.number().int(),
      responses: z.array(responseView).describe("each respondent's current answer"),
    }),
  ),
});

const statedView = z.object({
  respondentId: z.string(),
  respondentName: z.string(),
  position: z.enum(POSITIONS),
  reasons: z.string().optional(),
  admittedPart: z.string().optional(),
  evidence: z.array(z.string()),
  at: timestamp,
  ledgerSeq: z.number().int(),
});

export const claimsAnalysisView = z
  .object({
    caseId: z.string(),
    undisputedFacts: z.array(
      z.object({
        claimId: z.string(),
        number: z.number().int(),
        text: z.string().describe("the claim's text, or the admitted part in the respondent's words"),
        basis: z.enum(['admitted', 'partlyAdmitted']),
        admittedBy: z.array(statedView),
      }),
    ),
    issuesInDispute: z.array(
      z.object({
        claimId: z.string(),
        number: z.number().int(),
        claim: z.string(),
        kind: z.enum(['denied', 'partlyAdmitted']),
        positions: z.array(statedView),
        evidence: z.array(z.string()),
      }),
    ),
    unanswered: z.array(z.object({ claimId: z.string(), number: z.number().int(), claim: z.string(), awaiting: z.array(z.string()) })),
  })
  .describe('derived only from what the parties said: claims every respondent admitted, admitted parts, and the claims in dispute; unanswered claims are neither');

export type ClaimsView = z.infer<typeof claimsView>;
export type ClaimsAnalysisView = z.infer<typeof claimsAnalysisView>;
