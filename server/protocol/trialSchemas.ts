// The REST bodies and views of the asynchronous trial (consent, rounds, questions, answers,
// deadlines, extension requests), as zod schemas: validated at the edge, described in the
// OpenAPI document, typed for the browser client. Every view is an allow-list: what a viewer may
// not see (a sealed answer of the other side, a nonce) is never put in it, and anything the
// service returns beyond the schema is dropped.
import { z } from 'zod';
import { CASE_ROLES } from '../domain/access/roles.js';
import { isValidLanguageTag, isValidTimeZone } from '../domain/cases/caseParticipant.js';
import { MAX_ANSWER_CHARS, MAX_ATTACHMENTS } from '../domain/trial/answer.js';
import { TRIAL_MODES } from '../domain/trial/consent.js';
import { MAX_DEADLINE_DAYS } from '../domain/trial/deadline.js';
import { MAX_WINDOW_MINUTES, MIN_WINDOW_MINUTES } from '../domain/trial/answerWindow.js';
import { EXCHANGE_RULES } from '../domain/trial/exchangeRule.js';
import { MAX_QUESTION_CHARS, MAX_QUESTIONS } from '../domain/trial/question.js';
import { MAX_LATE_WINDOW_MINUTES, MAX_REQUIRED, ROUND_STATUSES, TRIAL_STAGES } from '../domain/trial/round.js';
import { UUID } from './caseRecordSchemas.js';

export const uuid = (what: string) => z.string({ error: `${what} is required, an id (UUID)` }).regex(UUID, `${what} is an id (a UUID like 3f2b…-…)`);
export const timestamp = z.string().describe('UTC instant, YYYY-MM-DDTHH:mm:ss.sssZ');
export const side = z.enum(['claimant', 'respondent']);
export const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`)
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), `${what} may not contain control characters`);
export const languageTag = (what: string) =>
  z
    .string({ error: `${what} is required, a BCP 47 tag such as "zh-CN"` })
    .max(35, `${what} is a BCP 47 tag such as "zh-CN"`)
    .refine(isValidLanguageTag, `${what} is a BCP 47 tag such as "en", "zh-CN" or "pt-BR"`);
const timeZone = z
  .string({ error: 'timeZone is required, an IANA zone such as "Asia/Shanghai"' })
  .max(64)
  .refine(isValidTimeZone, 'timeZone is an IANA zone such as "Asia/Shanghai" or "America/Sao_Paulo"');

// ---------------------------------------------------------------------------------------------
// Parameters

export const roundParams = z.object({ caseId: uuid('caseId'), roundId: uuid('roundId') });
export const threadParams = z.object({ caseId: uuid('caseId'), roundId: uuid('roundId'), threadId: uuid('threadId') });
export const answerParams = z.object({ caseId: uuid('caseId'), answerId: uuid('answerId') });
export const extensionParams = z.object({ caseId: uuid('caseId'), roundId: uuid('roundId'), requestId: uuid('requestId') });

// ---------------------------------------------------------------------------------------------
// Bodies

export const consentBody = z.object({}).strict().describe('consent to the asynchronous trial, for yourself (counsel: for its side)');
export const withdrawConsentBody = z.object({ reason: text('a reason', 2000) }).strict();

const DEADLINE_FORMS = "give either { at: a UTC instant, timeZone } or { local: 'YYYY-MM-DDTHH:mm', timeZone }";
const deadlineFields = {
  at: z.string().optional().describe('UTC instant, e.g. 2026-03-10T09:00:00Z'),
  local: z.string().optional().describe("wall-clock time in timeZone, 'YYYY-MM-DDTHH:mm'"),
  timeZone: timeZone.optional().describe('the IANA zone the deadline is set in'),
  ifAmbiguous: z
    .enum(['earlier', 'later'], { error: "ifAmbiguous is 'earlier' or 'later'" })
    .optional()
    .describe('for a local time the clocks skip or show twice: which instant is meant (refused without it)'),
};
function requireOneForm(d: { at?: string | undefined; local?: string | undefined; timeZone?: string | undefined }, ctx: z.RefinementCtx, forms: string): void {
  if ((d.at === undefined) === (d.local === undefined)) ctx.addIssue({ code: 'custom', message: forms });
  else if (d.timeZone === undefined) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'timeZone is required: the IANA zone the deadline is set in' });
}
/** A deadline set from scratch: an instant or a wall-clock time, with the zone it is set in. */
const deadlineSet = z
  .object(deadlineFields)
  .strict()
  .superRefine((d, ctx) => requireOneForm(d, ctx, DEADLINE_FORMS))
  .describe(`the deadline, stored in UTC with the zone it was set in (at most ${MAX_DEADLINE_DAYS} days ahead)`);
/** A new deadline for an existing round: as above, or whole days added (same wall-clock time in its zone). */
const deadlineChange = z
  .object({
    ...deadlineFields,
    addDays: z
      .number({ error: 'addDays is a whole number of days' })
      .int('addDays is a whole number of days')
      .min(1, 'addDays is at least 1')
      .max(MAX_DEADLINE_DAYS, `addDays is at most ${MAX_DEADLINE_DAYS}`)
      .optional()
      .describe('days added to the current deadline, at the same wall-clock time in its zone'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.addDays === undefined) requireOneForm(d, ctx, `${DEADLINE_FORMS}, or { addDays }`);
    else if (d.at !== undefined || d.local !== undefined || d.timeZone !== undefined) ctx.addIssue({ code: 'custom', message: 'addDays stands alone: it keeps the zone of the current deadline' });
  })
  .describe('the new deadline (later than the current one)');

export const openRoundBody = z
  .object({
    stage: z.enum(TRIAL_STAGES, { error: `stage is one of ${TRIAL_STAGES.join(', ')}` }),
    title: text('a title', 200).optional(),
    questions: z
      .array(
        z
          .object({
            text: text('a question', MAX_QUESTION_CHARS),
            language: languageTag('the language of a question'),
            answerWindowMinutes: z
              .number({ error: 'answerWindowMinutes is a whole number of minutes' })
              .int('answerWindowMinutes is a whole number of minutes')
              .min(MIN_WINDOW_MINUTES, `answerWindowMinutes is at least ${MIN_WINDOW_MINUTES}`)
              .max(MAX_WINDOW_MINUTES, `answerWindowMinutes is at most ${MAX_WINDOW_MINUTES}`)
              .optional()
              .describe('a timed question (e.g. for a witness): each participant asked answers within this many minutes of first opening it; its text stays hidden until then'),
          })
          .strict(),
        {
          error: 'questions is required: the questions of the round, each { text, language }',
        },
      )
      .min(1, 'put at least one question')
      .max(MAX_QUESTIONS, `a round has at most ${MAX_QUESTIONS} questions`),
    required: z
      .array(uuid('a required participant'), { error: 'required is required: the participants who must answer' })
      .min(1, 'name at least one participant who must answer')
      .max(MAX_REQUIRED, `at most ${MAX_REQUIRED} participants answer one round`),
    deadline: deadlineSet,
    exchange: z.enum(EXCHANGE_RULES, { error: "exchange is 'sequential' (answers seen as given) or 'sealed' (revealed together)" }),
    late: z
      .object({
        rule: z.enum(['refuse', 'acceptFlagged'], { error: "late.rule is 'refuse' or 'acceptFlagged'" }),
        windowHours: z
          .number()
          .int('late.windowHours is a whole number of hours')
          .min(1, 'late.windowHours is at least 1')
          .max(MAX_LATE_WINDOW_MINUTES / 60, `late.windowHours is at most ${MAX_LATE_WINDOW_MINUTES / 60}`)
          .optional()
          .describe('acceptFlagged: how long after the deadline late answers are still taken (default 24)'),
      })
      .strict()
      .refine((late) => late.rule === 'acceptFlagged' || late.windowHours === undefined, 'late.windowHours applies only to acceptFlagged')
      .default({ rule: 'refuse' })
      .describe('refuse late answers (DEADLINE_PASSED; the round closes at its deadline), or accept them flagged until the late window ends'),
    privateTo: side
      .optional()
      .describe("the mediator's private caucus with this side (mediation only): the round exists for that side and the mediator alone; sequential, no timed questions, no evidence"),
  })
  .strict();

export const closeRoundBody = z.object({ reason: text('a reason', 2000).optional() }).strict();
export const extendRoundBody = z
  .object({ deadline: deadlineChange, reason: text('a reason', 2000).optional() })
  .strict()
  .describe('a later deadline; on a suspended round (consent given again) it resumes the round');
export const extensionRequestBody = z
  .object({ reason: text('a reason', 2000), proposedDeadline: deadlineSet.optional() })
  .strict();
export const extensionDecisionBody = z
  .object({ grant: z.boolean({ error: 'grant is required: true to grant, false to deny' }), deadline: deadlineChange.optional(), reason: text('a reason', 2000).optional() })
  .strict()
  .refine((d) => !d.grant || d.deadline !== undefined, { message: 'a grant sets the new deadline: give deadline', path: ['deadline'] })
  .refine((d) => d.grant || d.reason !== undefined, { message: 'a denial says why: give reason', path: ['reason'] });

export const openWindowBody = z
  .object({ for: uuid('for').optional().describe('only yourself: an answer window is personal (anything else is refused with NOT_YOUR_WINDOW)') })
  .strict()
  .describe('open a timed question: your answer window starts now');

export const answerBody = z
  .object({
    text: text('the answer text', MAX_ANSWER_CHARS),
    language: languageTag('language'),
    attachments: z
      .array(uuid('an attachment'))
      .max(MAX_ATTACHMENTS, `an answer attaches at most ${MAX_ATTACHMENTS} evidence items`)
      .refine((ids) => new Set(ids).size === ids.length, 'attach each evidence item once')
      .default([])
      .describe('evidence ids your side filed (through the evidence store, or POST …/rounds/{roundId}/evidence)'),
    for: uuid('for').optional().describe('counsel answering for a party of its side: the party; default yourself'),
    basedOnVersion: z.number().int().min(1).optional().describe('the version you edited: refused with RECORD_CHANGED if the answer has moved on'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Views

const localDeadline = z.object({ timeZone: z.string(), local: z.string(), offset: z.string(), text: z.string() });
export const deadlineView = z.object({
  at: timestamp,
  setIn: localDeadline.describe('on the clock of the zone it was set in'),
  yours: localDeadline.describe('on your own clock (your time zone and language)'),
  remainingSeconds: z.number().int(),
  passed: z.boolean(),
});
const storedDeadline = z.object({ at: timestamp, timeZone: z.string() });

export const trialView = z.object({
  caseId: z.string(),
  mode: z.enum(TRIAL_MODES),
  modeSince: timestamp.optional(),
  complete: z.boolean().describe('whether every party consents now'),
  sides: z.array(
    z.object({ side, consented: z.boolean(), throughCounsel: z.string().optional(), withdrawnBy: z.array(z.string()), missing: z.array(z.string()) }),
  ),
  consents: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string(),
      role: z.enum(CASE_ROLES),
      side: side.optional(),
      state: z.enum(['given', 'withdrawn']),
      at: timestamp,
      ledgerSeq: z.number().int(),
      reason: z.string().optional(),
    }),
  ),
});

const answerWindowTimes = z.object({ openedAt: timestamp, closesAt: timestamp, outside: z.boolean().describe('given after the window closed (the round accepts late answers, flagged)') });

export const answerView = z.object({
  id: z.string(),
  roundId: z.string(),
  threadId: z.string(),
  for: z.string(),
  forName: z.string(),
  forSide: side.optional(),
  version: z.number().int(),
  text: z.string(),
  language: z.string(),
  attachments: z.array(z.string()),
  submittedAt: timestamp,
  submittedBy: z.string(),
  submittedByName: z.string(),
  firstSubmittedAt: timestamp,
  late: z.boolean().describe('this version came after the deadline'),
  afterReveal: z.boolean().describe("this version came after a sealed round revealed the others' answers"),
  sealed: z.boolean().describe('still sealed from the other side (you see it as its own side or as the court)'),
  commitment: z.string().describe('SHA-256 the ledger committed to'),
  ledgerSeq: z.number().int(),
  window: answerWindowTimes.optional().describe('a timed question: the window this version was given in'),
});

export const answerVersionsView = z.object({
  answerId: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      text: z.string(),
      language: z.string(),
      attachments: z.array(z.string()),
      submittedAt: timestamp,
      submittedBy: z.string(),
      submittedByName: z.string(),
      late: z.boolean(),
      afterReveal: z.boolean(),
      sealed: z.boolean().describe('submitted while the round sealed it: the ledger held only its commitment until the reveal'),
      commitment: z.string(),
      nonce: z.string().optional().describe('published once the version is no longer sealed: with it anyone can recompute the commitment'),
      ledgerSeq: z.number().int(),
      window: answerWindowTimes.optional(),
    }),
  ),
});

export const threadView = z.object({
  id: z.string(),
  kind: z.literal('question'),
  text: z.string(),
  language: z.string(),
  askedBy: z.string(),
  askedAt: timestamp,
  answers: z.array(answerView).describe('the answers you may see'),
  sealedFromYou: z.number().int().describe('answers given that the round still seals from you'),
  hiddenUntilOpened: z.literal(true).optional().describe('a timed question you may not read yet: text is empty until you open it (or, not asked it yourself, until all asked have)'),
  answerWindow: z
    .object({
      minutes: z.number().int(),
      commitment: z.string().describe("SHA-256 of { threadId, text, language } with nonce: what the round's ledger entry holds of the text"),
      nonce: z.string().optional().describe('given with the text, so anyone can recompute the commitment'),
      yours: z.object({ openedAt: timestamp, closesAt: timestamp, passed: z.boolean() }).optional().describe('your own window, once you opened the question'),
      openings: z.array(z.object({ participantId: z.string(), openedAt: timestamp, closesAt: timestamp })).describe('who has opened it, and when'),
    })
    .optional()
    .describe('a timed question: answered within `minutes` of first opening it'),
});

const extensionRequestView = z.object({
  id: z.string(),
  by: z.string(),
  byName: z.string(),
  reason: z.string(),
  requestedAt: timestamp,
  proposed: storedDeadline.optional(),
  status: z.enum(['pending', 'granted', 'denied']),
  decidedAt: timestamp.optional(),
  decidedBy: z.string().optional(),
  decisionReason: z.string().optional(),
  granted: storedDeadline.optional(),
});

export const roundView = z.object({
  id: z.string(),
  caseId: z.string(),
  number: z.number().int(),
  stage: z.enum(TRIAL_STAGES),
  title: z.string(),
  presidingRole: z.enum(['judge', 'arbitrator', 'mediator']),
  openedBy: z.string(),
  openedAt: timestamp,
  status: z.enum(ROUND_STATUSES),
  suspendedAt: timestamp.optional(),
  closedAt: timestamp.optional(),
  closedBy: z.string().optional(),
  closedBecause: z.enum(['court', 'deadline', 'settled']).optional(),
  closeReason: z.string().optional(),
  exchange: z.enum(EXCHANGE_RULES),
  privateTo: side.optional().describe("a mediator's caucus with this side: nobody else sees the round"),
  caucusNonce: z.string().optional().describe("a caucus: the nonce of the commitments its ledger entries hold instead of its words"),
  sealed: z.boolean().describe('the round still seals answers from the other side'),
  revealedAt: timestamp.optional(),
  late: z.object({ rule: z.enum(['refuse', 'acceptFlagged']), windowMinutes: z.number().int().optional() }),
  deadline: deadlineView,
  closesAt: timestamp.describe('when the round closes by itself: the deadline, or the end of the late window'),
  deadlineHistory: z.array(
    z.object({ deadline: storedDeadline, setAt: timestamp, setBy: z.string(), because: z.enum(['opened', 'extended', 'granted', 'resumed']), requestId: z.string().optional(), reason: z.string().optional() }),
  ),
  required: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string(),
      role: z.enum(CASE_ROLES),
      side: side.optional(),
      servedAt: timestamp.describe('when the round was served on them (opened and pushed to their channel)'),
      firstOpenedAt: timestamp.optional().describe('when they first read it'),
      answeredQuestions: z.number().int(),
      completedAt: timestamp.optional().describe('when they had answered every question'),
    }),
  ),
  threads: z.array(threadView),
  extensionRequests: z.array(extensionRequestView),
  you: z.object({
    participantId: z.string(),
    required: z.boolean(),
    answersFor: z.array(z.string()).describe('whose answers you may write in this round (yourself; counsel also its side’s parties)'),
  }),
});

export const roundSummaryView = z.object({
  id: z.string(),
  number: z.number().int(),
  stage: z.enum(TRIAL_STAGES),
  title: z.string(),
  status: z.enum(ROUND_STATUSES),
  exchange: z.enum(EXCHANGE_RULES),
  privateTo: side.optional(),
  sealed: z.boolean(),
  deadline: deadlineView,
  closesAt: timestamp,
  openedAt: timestamp,
  questions: z.number().int(),
  you: z.object({ required: z.boolean(), answeredAll: z.boolean() }),
});
export const roundListView = z.object({ rounds: z.array(roundSummaryView) });

export type TrialView = z.infer<typeof trialView>;
export type RoundView = z.infer<typeof roundView>;
export type RoundSummaryView = z.infer<typeof roundSummaryView>;
export type ThreadView = z.infer<typeof threadView>;
export type AnswerView = z.infer<typeof answerView>;
export type AnswerVersionsView = z.infer<typeof answerVersionsView>;
export type DeadlineViewShape = z.infer<typeof deadlineView>;
export type OpenRoundBody = z.output<typeof openRoundBody>;
export type DeadlineSetBody = z.output<typeof deadlineSet>;
export type DeadlineChangeBody = z.output<typeof deadlineChange>;
