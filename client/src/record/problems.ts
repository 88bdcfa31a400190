// What to tell a person when the court refuses a request: a translated message per stable
// problem code, with the server's detail (which is English) used only where it carries a fact
// the message needs — when a lock ends, how long to wait, the size limit.
import { msg, showText, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { ApiProblem } from './api.js';
import { browserTimeZone, formatInstant } from './timeFormat.js';

/** Codes whose message needs nothing but the code. */
const PLAIN = [
  'INVALID_CREDENTIALS',
  'INVITATION_INVALID',
  'INVITATION_EXPIRED',
  'INVITATION_USED',
  'INVITATION_REVOKED',
  'UNSUPPORTED_MEDIA_TYPE',
  'EVIDENCE_ALREADY_FILED',
  'EVIDENCE_EMPTY',
  'UPLOAD_TRUNCATED',
  'FORBIDDEN',
  'NOT_A_CASE_PARTICIPANT',
  'CASE_NOT_FOUND',
  'PARTICIPANT_NOT_FOUND',
  'EVIDENCE_NOT_FOUND',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_NOT_RELEASED',
  'DOCUMENT_ALREADY_RELEASED',
  'DOCUMENT_NOT_RELEASABLE',
  'DOCUMENT_VERSION_NOT_FOUND',
  'DOCUMENT_LOCKED',
  'DOCUMENT_ALREADY_LOCKED',
  'DOCUMENT_NOT_LOCKED',
  'DOCUMENT_ALREADY_SIGNED',
  'NOT_A_REQUIRED_SIGNER',
  'NOT_YOUR_SIGNATURE',
  'SIGNATURE_INVALID',
  'SIGNING_KEY_ALREADY_SET',
  'SIGNING_KEY_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'ALREADY_A_PARTICIPANT',
  'STAGE_TRANSITION_NOT_ALLOWED',
  'RECORD_CHANGED',
  'SESSION_EXPIRED',
  'UNAUTHENTICATED',
  'PAYLOAD_TOO_LARGE',
  'SERVER_SHUTTING_DOWN',
  'INTERNAL_ERROR',
  'NETWORK',
  'NOT_PRESIDING',
  'CONSENT_REQUIRED',
  'ROUND_NOT_FOUND',
  'THREAD_NOT_FOUND',
  'ANSWER_NOT_FOUND',
  'ROUND_CLOSED',
  'ROUND_SUSPENDED',
  'DEADLINE_PASSED',
  'NOT_REQUIRED_IN_ROUND',
  'NOT_YOUR_ANSWER',
  'ANSWER_REVEALED',
  'EXTENSION_NOT_FOUND',
  'EXTENSION_ALREADY_REQUESTED',
  'EXTENSION_ALREADY_DECIDED',
  'EVIDENCE_SEALED',
  'NOT_YOUR_EVIDENCE',
  'EVIDENCE_ALREADY_WITHDRAWN',
  'NOT_OPPOSING_PARTY',
  'NOT_FILING_PARTY',
  'NOT_ADDRESSED_TO_YOU',
  'POST_NOT_FOUND',
  'CLAIM_NOT_FOUND',
  'NOT_THE_CLAIMANT',
  'NOT_THE_RESPONDENT',
  'QUESTION_NOT_TIMED',
  'NOT_YOUR_WINDOW',
  'WINDOW_NOT_OPENED',
  'WINDOW_CLOSED',
  'CASE_SETTLED',
  'OFFER_NOT_FOUND',
  'OFFER_NOT_OPEN',
  'OFFER_PENDING',
  'OWN_OFFER',
  'CAUCUS_NOT_ALLOWED',
] as const satisfies ReadonlyArray<ApiProblem['code']>;

type PlainKey = `problem.${(typeof PLAIN)[number]}`;
// Fails to compile if a plain code has no message.
const plainKeys: Record<PlainKey, true> = Object.fromEntries(PLAIN.map((code) => [`problem.${code}`, true])) as Record<PlainKey, true>;

export function problemMessage(error: unknown): Message {
  if (!(error instanceof ApiProblem)) return msg('error.local', { detail: error instanceof Error ? error.message : String(error) });
  const { code, detail } = error;
  switch (code) {
    case 'ACCOUNT_LOCKED': {
      const until = /until (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(detail)?.[1];
      return until ? msg('problem.ACCOUNT_LOCKED_UNTIL', { until: formatInstant(until, browserTimeZone()) }) : msg('problem.ACCOUNT_LOCKED');
    }
    case 'TOO_MANY_ATTEMPTS': {
      const seconds = error.retryAfterSeconds ?? Number(/wait (\d+) s/.exec(detail)?.[1] ?? 60);
      return msg('problem.TOO_MANY_ATTEMPTS', { seconds });
    }
    case 'EVIDENCE_TOO_LARGE': {
      const limit = Number(/(\d+) bytes/.exec(detail)?.[1]);
      return Number.isFinite(limit) ? msg('problem.EVIDENCE_TOO_LARGE', { limit: sizeText(limit) }) : msg('problem.EVIDENCE_TOO_LARGE_NO_LIMIT');
    }
    case 'CONTENT_TYPE_MISMATCH':
      return msg('problem.CONTENT_TYPE_MISMATCH', { detail });
    case 'INVALID_PAYLOAD':
      return msg('problem.INVALID_PAYLOAD', { detail });
  }
  const key = `problem.${code}`;
  if (key in plainKeys) return { key: key as MessageKey };
  return msg('problem.other', { code, detail });
}

function sizeText(bytes: number): string {
  // Binary megabytes, as the limit is set (200 MiB shows as "200 MiB", not "209.7 MB").
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} B`;
}

/** What a section of a page shows when it cannot be loaded: a role that may not see it (an
 * observer sees no participant list), or the problem. */
export function sectionProblem(error: unknown): HTMLElement {
  const line = document.createElement('p');
  if (error instanceof ApiProblem && error.code === 'FORBIDDEN') {
    line.className = 'record-muted';
    showText(line, msg('record.sectionHidden'));
  } else {
    line.className = 'status-line';
    line.dataset.tone = 'error';
    line.setAttribute('role', 'alert');
    showText(line, problemMessage(error));
  }
  return line;
}
