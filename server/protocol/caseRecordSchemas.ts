// The REST API's request and response bodies, as zod schemas. Requests are validated against
// them at the edge, the OpenAPI document (/api/openapi.json) is generated from them, and the
// browser client takes its types from them (type-only imports), so the three cannot drift.
import { z } from 'zod';
import { ACTIONS } from '../domain/access/permissions.js';
import { CASE_ROLES, PARTICIPANT_ROLES, STAFF_ROLES } from '../domain/access/roles.js';
import { isValidLanguageTag, isValidTimeZone } from '../domain/cases/caseParticipant.js';
import { DISPUTE_STAGES } from '../domain/cases/disputeStage.js';
import { DEFAULT_WORKING_WEEK } from '../domain/scheduling/workingHours.js';
import { COVER_SCOPES, MAX_COVERED_CLAIMS } from '../domain/hearing/hearingCovers.js';
import { HEARING_PHASES } from '../domain/hearing/hearingPhase.js';

/** Every id the court hands out (cases, participants, hearings, evidence…). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuid = z.string().regex(UUID, 'an id is a UUID like 3f2b…-…');
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`)
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), `${what} may not contain control characters`);
const languageTag = z
  .string()
  .max(35)
  .refine(isValidLanguageTag, 'a language is a BCP 47 tag such as "en", "zh-CN" or "pt-BR"')
  .describe('BCP 47 language tag');
const timeZone = z.string().max(64).refine(isValidTimeZone, 'a time zone is an IANA name such as "Asia/Shanghai" or "America/Sao_Paulo"').describe('IANA time zone');
const timestamp = z.string().describe('UTC instant, YYYY-MM-DDTHH:mm:ss.sssZ');
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const idParams = {
  caseId: z.object({ caseId: uuid }),
  participant: z.object({ caseId: uuid, participantId: uuid }),
  invitation: z.object({ caseId: uuid, invitationId: uuid }),
  evidence: z.object({ caseId: uuid, evidenceId: uuid }),
};

// Sessions
export const signInBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) }).strict();
export const redeemBody = z.object({ token: z.string().min(1).max(4096) }).strict();

export const principalView = z.object({
  kind: z.enum(['staff', 'participant']),
  displayName: z.string(),
  accountId: z.string().optional(),
  staffRole: z.enum(STAFF_ROLES).optional(),
  participantId: z.string().optional(),
  caseId: z.string().optional(),
});
export const sessionView = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int().describe('seconds the access token is valid'),
  refreshToken: z.string(),
  refreshExpiresAt: timestamp,
  principal: principalView,
});

// Cases
export const languagePair = z.object({ from: languageTag, to: languageTag }).strict();
export const createCaseBody = z
  .object({
    title: text('a title', 200),
    languages: z.array(languageTag).min(1, 'name at least one language').max(8),
    stage: z.enum(DISPUTE_STAGES).optional(),
    locale: languageTag,
    timeZone,
  })
  .strict();
export const updateCaseBody = z
  .object({ title: text('a title', 200).optional(), languages: z.array(languageTag).min(1).max(8).optional() })
  .strict()
  .refine((body) => body.title !== undefined || body.languages !== undefined, 'change at least one of title, languages');
export const stageBody = z.object({ stage: z.enum(DISPUTE_STAGES) }).strict();

// Working hours: shapes here; the domain (workingHours.ts) checks the rest, e.g. end after start.
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const clockTime = (what: string) => z.string({ error: `${what} is required, a 24-hour time such as "09:00"` }).regex(CLOCK_TIME, `${what} is a 24-hour time 'HH:MM' such as "09:00"`);
const endTime = (what: string) =>
  z.string({ error: `${what} is required, a 24-hour time such as "17:00"` }).regex(END_TIME, `${what} is a 24-hour time 'HH:MM' such as "17:00", or "24:00" for midnight`);
const weekday = z
  .number({ error: 'a day is a number from 1 (Monday) to 7 (Sunday)' })
  .int('a day is a whole number from 1 (Monday) to 7 (Sunday)')
  .min(1, 'a day is a number from 1 (Monday) to 7 (Sunday)')
  .max(7, 'a day is a number from 1 (Monday) to 7 (Sunday)');
export const workingHoursBody = z
  .object({
    days: z.array(weekday, { error: 'days is required: the working days, 1 (Monday) to 7 (Sunday)' }).min(1, 'name at least one working day in days').max(7, 'days lists each weekday once'),
    start: clockTime('start'),
    end: endTime('end'),
    byDay: z
      .array(z.object({ day: weekday, start: clockTime('start'), end: endTime('end') }).strict())
      .max(7)
      .optional()
      .describe('working days (each also in days) whose hours differ from start–end, e.g. a short Friday'),
  })
  .strict()
  .describe("working hours, always read in the participant's own time zone, so they stay right when its clocks change");
const workingWeekView = z.object({
  days: z.array(z.number().int()).describe('1 = Monday … 7 = Sunday'),
  start: z.string(),
  end: z.string(),
  byDay: z.array(z.object({ day: z.number().int(), start: z.string(), end: z.string() })).optional(),
});

export const caseView = z.object({
  id: z.string(),
  title: z.string(),
  languages: z.array(z.string()),
  stage: z.enum(DISPUTE_STAGES),
  createdAt: timestamp,
  createdBy: z.string(),
  settlement: z
    .object({ at: timestamp, stage: z.enum(DISPUTE_STAGES), offerId: z.string(), commitment: z.string(), ledgerSeq: z.number().int() })
    .optional()
    .describe('set when the parties settled: the case is closed (no further rounds, hearings or offers)'),
});
export const participantView = z.object({
  id: z.string(),
  caseId: z.string(),
  role: z.enum(CASE_ROLES),
  displayName: z.string(),
  locale: z.string(),
  timeZone: z.string(),
  side: z.enum(['claimant', 'respondent']).optional(),
  languagePair: z.object({ from: z.string(), to: z.string() }).optional(),
  accountId: z.string().optional(),
  // Someone who never set theirs works the court's default week; the view says so rather than
  // leave it out.
  workingHours: workingWeekView.default(() => structuredClone(DEFAULT_WORKING_WEEK) as z.infer<typeof workingWeekView>).describe("working hours in the participant's own time zone"),
  addedAt: timestamp,
  addedBy: z.string(),
  removedAt: timestamp.optional(),
});
export const caseWithYouView = z.object({
  case: caseView,
  you: participantView,
  may: z.array(z.enum(ACTIONS)).describe('what your role may do in this case (the permission table); the server checks again on every request'),
  nextStages: z.array(z.enum(DISPUTE_STAGES)).describe('the stages the case may move on to'),
});
export const caseListView = z.object({ cases: z.array(caseWithYouView) });

export const addParticipantBody = z
  .object({
    role: z.enum(CASE_ROLES),
    displayName: text('a display name', 100),
    locale: languageTag,
    timeZone,
    side: z.enum(['claimant', 'respondent']).optional(),
    languagePair: languagePair.optional(),
    username: z.string().min(1).max(64).optional().describe('for court staff: their account'),
  })
  .strict();
export const participantListView = z.object({ participants: z.array(participantView) });

export const inviteBody = z
  .object({ validForHours: z.number().int().min(1).max(24 * 30).optional().describe('default 168 (7 days)') })
  .strict();
export const invitationView = z.object({
  id: z.string(),
  caseId: z.string(),
  participantId: z.string(),
  role: z.enum(PARTICIPANT_ROLES),
  createdAt: timestamp,
  createdBy: z.string(),
  expiresAt: timestamp,
  redeemedAt: timestamp.optional(),
  revokedAt: timestamp.optional(),
  status: z.enum(['open', 'redeemed', 'revoked', 'expired']),
});
export const issuedInvitationView = z.object({ invitation: invitationView, token: z.string(), url: z.string().describe('the link to send to the participant') });
export const invitationListView = z.object({ invitations: z.array(invitationView) });

export const timelineView = z.object({
  items: z.array(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      at: timestamp,
      actor: z.string(),
      actorName: z.string(),
      payload: z.unknown(),
      about: z
        .object({ kind: z.enum(['round', 'hearing', 'offer']), id: z.string() })
        .optional()
        .describe('the round, hearing or offer the entry is about, so rounds and hearings can be followed together in time order'),
    }),
  ),
});

// Evidence
export const evidenceUploadQuery = z
  .object({
    title: text('a title', 200),
    description: z.string().max(4000).default(''),
    language: languageTag,
    fileName: z.string().min(1).max(255).describe('the original file name, kept for downloads; never used as a path'),
  })
  .strict();
export const evidenceView = z.object({
  id: z.string(),
  caseId: z.string(),
  sha256: hex64,
  size: z.number().int(),
  mediaType: z.string(),
  title: z.string(),
  description: z.string(),
  language: z.string(),
  fileName: z.string(),
  filedBy: z.string(),
  filedByName: z.string(),
  filedByRole: z.enum(CASE_ROLES),
  side: z.enum(['claimant', 'respondent']).optional(),
  filedAt: timestamp,
  ledgerSeq: z.number().int(),
  withdrawnAt: timestamp.optional(),
  withdrawnBy: z.string().optional(),
  withdrawalReason: z.string().optional(),
  sealed: z
    .object({ roundId: z.string(), commitment: hex64 })
    .optional()
    .describe('filed for a sealed answer: hidden from the other side until its round reveals it (you see it as its own side or as the court)'),
  revealedAt: timestamp.optional(),
});
export const evidenceListView = z.object({ evidence: z.array(evidenceView) });
export const withdrawBody = z.object({ reason: text('a reason', 2000) }).strict();
export const custodyView = z.object({
  lines: z.array(
    z.object({
      at: timestamp,
      event: z.enum(['filed', 'viewed', 'presented', 'crossExamined', 'withdrawn']),
      actor: z.string(),
      actorName: z.string(),
      role: z.enum(CASE_ROLES),
      ledgerSeq: z.number().int().optional(),
      detail: z.string().optional(),
    }),
  ),
});

// Ledger
export const treeHeadView = z.object({ treeSize: z.number().int(), rootHash: hex64, timestamp, signature: z.string().regex(/^[0-9a-f]{128}$/) });
export const publicKeyView = z.object({ algorithm: z.literal('Ed25519'), publicKey: hex64.describe('raw 32-byte public key, hex'), pem: z.string() });
export const entriesQuery = z.object({ from: z.coerce.number().int().min(0).default(0), to: z.coerce.number().int().min(0).optional() }).strict();
export const entriesView = z.object({
  entries: z.array(
    z.object({ seq: z.number().int(), bytes: z.string().describe('base64 of the exact canonical bytes the leaf hashes'), entry: z.unknown(), leafHash: hex64 }),
  ),
});
export const inclusionQuery = z.object({ index: z.coerce.number().int().min(0), treeSize: z.coerce.number().int().min(1) }).strict();
export const inclusionView = z.object({ index: z.number().int(), treeSize: z.number().int(), leafHash: hex64, proof: z.array(hex64) });
export const consistencyQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }).strict();
export const consistencyView = z.object({ from: z.number().int(), to: z.number().int(), proof: z.array(hex64) });

// Hearings
const hearingCovers = z
  .object({
    scope: z.enum(COVER_SCOPES, { error: "covers.scope is 'rest' (the rest of the case) or 'claims' (the claims named)" }),
    claimIds: z.array(uuid).max(MAX_COVERED_CLAIMS, `covers.claimIds names at most ${MAX_COVERED_CLAIMS} claims`).optional(),
  })
  .strict()
  .refine((c) => (c.scope === 'claims') === (c.claimIds !== undefined), "covers.claimIds goes with scope 'claims' (and only with it)");
export const hearingParams = z.object({ caseId: uuid, hearingId: uuid });
export const scheduleHearingBody = z
  .object({
    title: text('a title', 200),
    start: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, 'start is a UTC instant like 2026-03-10T01:00:00Z')
      .refine((value) => !Number.isNaN(Date.parse(value)), 'start is not a real date'),
    durationMinutes: z.number().int().min(15, 'a hearing lasts at least 15 minutes').max(12 * 60, 'a hearing lasts at most 12 hours'),
    timeZone: timeZone.describe('the zone the hearing is set in (times are stored in UTC)'),
    presidingId: uuid.optional().describe('the judge, arbitrator or mediator who presides; default: you, or the case\'s first judge'),
    covers: hearingCovers.optional().describe('scheduled from the asynchronous trial (the presiding role of the dispute stage only): the claims heard live, or the rest of the case'),
  })
  .strict();
export const hearingView = z.object({
  id: z.string(),
  caseId: z.string(),
  title: z.string(),
  start: timestamp,
  end: timestamp,
  timeZone: z.string(),
  phase: z.enum(HEARING_PHASES),
  presidingId: z.string(),
  createdBy: z.string(),
  createdAt: timestamp,
  remindedAt: timestamp.optional(),
  covers: hearingCovers.optional(),
});
export const hearingListView = z.object({ hearings: z.array(hearingView) });
export const slotQuery = z
  .object({
    durationMinutes: z.coerce.number().int().min(15).max(12 * 60).default(60),
    days: z.coerce.number().int().min(1).max(60).default(21),
  })
  .strict();
export const slotListView = z.object({
  slots: z.array(
    z.object({
      start: timestamp,
      end: timestamp,
      local: z.record(z.string(), z.object({ date: z.string(), start: z.string(), end: z.string(), timeZone: z.string(), weekday: z.number().int() })),
    }),
  ),
  participants: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string(),
      timeZone: z.string(),
      workingHours: z.string().describe("in words, e.g. 'Tue–Sat 14:00–22:00', in the participant's zone"),
      workingWeek: workingWeekView,
    }),
  ),
});
export const hearingRecordView = z.object({
  lines: z.array(z.object({ at: timestamp, type: z.string(), participantId: z.string().optional(), by: z.string().optional(), detail: z.unknown().optional() })),
});

// Audit
export const auditView = z.object({
  lines: z.array(
    z.object({
      at: timestamp,
      actor: z.string(),
      role: z.string().optional(),
      action: z.string(),
      caseId: z.string().optional(),
      target: z.string().optional(),
      outcome: z.enum(['allowed', 'denied']),
      code: z.string().optional(),
      ip: z.string(),
      userAgent: z.string(),
      via: z.enum(['rest', 'socket', 'cli']),
    }),
  ),
});

export type SessionView = z.infer<typeof sessionView>;
export type PrincipalView = z.infer<typeof principalView>;
export type CaseView = z.infer<typeof caseView>;
export type ParticipantView = z.infer<typeof participantView>;
export type WorkingHoursBody = z.input<typeof workingHoursBody>;
export type WorkingWeekView = z.infer<typeof workingWeekView>;
export type InvitationView = z.infer<typeof invitationView>;
export type EvidenceView = z.infer<typeof evidenceView>;
export type TreeHeadView = z.infer<typeof treeHeadView>;
export type HearingView = z.infer<typeof hearingView>;
