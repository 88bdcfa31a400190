// A person's place in one case: their role, how to address them, and the language and time zone
// everything is shown to them in. Court staff take part through their account; everyone else
// through an invitation.
import type { CaseRole } from '../access/roles.js';

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
  readonly addedAt: string;
  readonly addedBy: string;
  readonly removedAt?: string;
}

/** The side a role is on by its nature; counsel name theirs. */
export function sideOfRole(role: CaseRole): CaseSide | undefined {
  return role === 'claimant' || role === 'respondent' ? role : undefined;
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
