// A person's place in one case: their role, how to address them, and the language and time zone
// everything is shown to them in. Court staff take part through their account; everyone else
// through an invitation.
import { isStaffRole, type CaseRole } from '../access/roles.js';
import { CourtError } from '../CourtError.js';
import { DEFAULT_WORKING_WEEK, type WorkingWeek } from '../scheduling/workingHours.js';

/** Which side of the dispute a party or its counsel is on. */
export type CaseSide = 'claimant' | 'respondent';

export interface LanguagePair {
  /** BCP 47 tags, e.g. 'zh' and 'en'. */
  readonly from: string;
  readonly to: string;
}

export interface CaseParticipant {
  readonly id: string;
  readonly caseId: string;
  readonly role: CaseRole;
  readonly displayName: string;
  /** BCP 47, e.g. 'pt-BR': the language the interface speaks to them. */
  readonly locale: string;
  /** IANA, e.g. 'America/Sao_Paulo': every time is shown to them in this zone. */
  readonly timeZone: string;
  /** Claimants, respondents and counsel are on a side. */
  readonly side?: CaseSide;
  /** Interpreters work between two languages. */
  readonly languagePair?: LanguagePair;
  /** Court staff take part through their account. */
  readonly accountId?: string;
  /**
   * When they can attend, read in `timeZone` (so it stays right when the clocks change there).
   * Absent until they say: the court's default, Monday–Friday 09:00–17:00.
   */
  readonly workingHours?: WorkingWeek;
  /**
   * The language channel they last chose to hear in a hearing (absent: the floor), so that their
   * next hearing starts there.
   */
  readonly listening?: string;
  readonly addedAt: string;
  readonly addedBy: string;
  readonly removedAt?: string;
}

/** The side a role is on by its nature; counsel name theirs. */
export function sideOfRole(role: CaseRole): CaseSide | undefined {
  return role === 'claimant' || role === 'respondent' ? role : undefined;
}

/** The working week hearings are proposed in for this participant: their own, or the default. */
export function workingWeekOf(participant: CaseParticipant): WorkingWeek {
  return participant.workingHours ?? DEFAULT_WORKING_WEEK;
}

/**
 * Whose working hours someone may set (the table has already allowed them the action): their
 * own; court staff, anyone's in the case, since they arrange the hearings.
 */
export function requireMaySetWorkingHours(actor: CaseParticipant, target: CaseParticipant): void {
  if (actor.id !== target.id && !isStaffRole(actor.role)) {
    throw new CourtError('NOT_YOUR_WORKING_HOURS', "you may set only your own working hours; ask the court's clerk to change another participant's");
  }
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isValidLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
