// The one role × action table that decides every access to a case. REST routes, socket.io
// handlers, document sync and the media layer all ask `isAllowed` (or `requirePermission`);
// none of them keeps a rule of its own. Ownership rules that depend on the record (a party may
// withdraw only what its side filed) sit on top of this table, in the domain service.
import { CourtError } from '../CourtError.js';
import { CASE_ROLES, type CaseRole } from './roles.js';

export const ACTIONS = [
  'case.view',
  'case.edit',
  'case.changeStage',
  'case.viewTimeline',
  'participant.view',
  'participant.add',
  'participant.remove',
  'participant.setWorkingHours',
  'invitation.create',
  'invitation.revoke',
  'evidence.file',
  'evidence.view',
  'evidence.withdraw',
  'evidence.viewCustody',
  'ledger.view',
  'case.export',
  'audit.view',
  'hearing.schedule',
  'hearing.join',
  'hearing.preside',
  'hearing.raiseHand',
  'hearing.requestConsultation',
  'hearing.viewRecord',
  'hearing.present',
  'recording.control',
  'recording.view',
  'media.send',
  'media.receive',
  'document.list',
  'document.create',
  'minutes.read',
  'minutes.write',
  'minutes.release',
  'agreedFacts.read',
  'agreedFacts.write',
  'settlement.read',
  'settlement.write',
  'document.lock',
  'document.sign',
  'trial.view',
  'trial.consent',
  'round.open',
  'round.view',
  'round.close',
  'round.extend',
  'round.requestExtension',
  'answer.submit',
  'crossExamination.view',
  'crossExamination.state',
  'crossExamination.question',
  'claim.view',
  'claim.state',
  'claim.answer',
  'claim.analyse',
  'offer.view',
  'offer.make',
  'offer.answer',
] as const;

export type CaseAction = (typeof ACTIONS)[number];

const STAFF: CaseRole[] = ['judge', 'arbitrator', 'mediator', 'clerk'];
const PRESIDING: CaseRole[] = ['judge', 'arbitrator', 'mediator'];
const PARTIES: CaseRole[] = ['claimant', 'respondent', 'counsel'];
const EVERYONE: CaseRole[] = [...CASE_ROLES];
/** Everyone but the public gallery. */
const MEMBERS: CaseRole[] = CASE_ROLES.filter((role) => role !== 'observer');

const TABLE: Record<CaseAction, readonly CaseRole[]> = {
  'case.view': EVERYONE,
  'case.edit': STAFF,
  'case.changeStage': PRESIDING,
  'case.viewTimeline': MEMBERS,
  // Observers are counted, not listed (they sit in the public gallery).
  'participant.view': MEMBERS,
  'participant.add': STAFF,
  'participant.remove': STAFF,
  // Their own, or (court staff) anyone's: CaseRecord adds that rule. Hearings are not fitted to
  // the public gallery's hours, so observers have none.
  'participant.setWorkingHours': MEMBERS,
  'invitation.create': STAFF,
  'invitation.revoke': STAFF,
  'evidence.file': [...PARTIES, 'clerk'],
  'evidence.view': MEMBERS,
  'evidence.withdraw': PARTIES,
  'evidence.viewCustody': [...STAFF, ...PARTIES],
  // Anyone may check the signed tree head and proofs; the full export carries the evidence.
  'ledger.view': EVERYONE,
  'case.export': [...STAFF, ...PARTIES],
  'audit.view': STAFF,
  'hearing.schedule': STAFF,
  'hearing.join': EVERYONE,
  // Who may chair a hearing at all; the hearing itself knows who presides (or was delegated).
  'hearing.preside': STAFF,
  'hearing.raiseHand': MEMBERS,
  'hearing.requestConsultation': [...PARTIES, 'witness'],
  'hearing.viewRecord': STAFF,
  // Showing an exhibit or sharing a screen; a party also needs the judge's leave in the hearing.
  'hearing.present': [...STAFF, ...PARTIES],
  // The official recording: started and stopped by the judge or the clerk; listed and played back
  // by the court's staff and the parties (the public gallery has no copy).
  'recording.control': ['judge', 'clerk'],
  'recording.view': [...STAFF, ...PARTIES],
  // Observers watch from the public gallery: they are never seen or heard.
  'media.send': MEMBERS,
  'media.receive': EVERYONE,
  // Documents written together (server/domain/documents). Writing a kind implies reading it, and
  // the list is for whoever reads some kind. Record rules on top: minutes reach the parties only
  // once released; court staff may open a kind they read, others only a kind they write.
  'document.list': [...STAFF, ...PARTIES],
  'document.create': [...STAFF, ...PARTIES],
  'minutes.read': [...STAFF, ...PARTIES],
  'minutes.write': ['judge', 'clerk'],
  'minutes.release': ['judge', 'clerk'],
  'agreedFacts.read': ['judge', 'arbitrator', ...PARTIES],
  'agreedFacts.write': PARTIES,
  'settlement.read': ['mediator', ...PARTIES],
  'settlement.write': ['mediator', ...PARTIES],
  // Locking fixes the final text (the presiding side, of a kind it reads); signing it is for
  // the court's staff and the parties whom the lock names as signers (CaseDocuments' rules).
  'document.lock': PRESIDING,
  'document.sign': [...STAFF, ...PARTIES],
  // Asynchronous trial (server/domain/trial). Consent is the parties' (counsel consents for its
  // side). Rounds are run by the presiding roles, and the dispute stage says which one (judge in
  // trial, arbitrator in arbitration, mediator in mediation); extending covers granting or denying
  // a party's request. A witness sees only the rounds that question them; sealing decides which
  // answers each viewer sees.
  'trial.view': MEMBERS,
  'trial.consent': PARTIES,
  'round.open': PRESIDING,
  'round.view': [...STAFF, ...PARTIES, 'witness', 'interpreter'],
  'round.close': PRESIDING,
  'round.extend': PRESIDING,
  'round.requestExtension': [...PARTIES, 'witness'],
  'answer.submit': [...PARTIES, 'witness'],
  // Cross-examination of evidence and claims (server/domain/trial/crossExamination.ts, claims.ts):
  // the parties write (which side may write what is the record's rule: the opposing side states
  // its view, the filing side replies; the claimant's side states claims, the respondents they
  // are against answer them); the presiding roles put questions; the court and the parties read.
  // The analysis of claims (undisputed facts, issues in dispute) is for the court.
  'crossExamination.view': [...STAFF, ...PARTIES],
  'crossExamination.state': PARTIES,
  'crossExamination.question': PRESIDING,
  'claim.view': [...STAFF, ...PARTIES],
  'claim.state': ['claimant', 'counsel'],
  'claim.answer': ['respondent', 'counsel'],
  'claim.analyse': STAFF,
  // Offers and counter-offers (domain/trial/offer.ts) are without prejudice: the parties make and
  // answer them; the mediator, who helps them settle, reads them; the judge and the arbitrator,
  // who may have to decide the case, do not (as with settlement documents above).
  'offer.view': ['mediator', ...PARTIES],
  'offer.make': PARTIES,
  'offer.answer': PARTIES,
};

export function isAllowed(role: CaseRole, action: CaseAction): boolean {
  return TABLE[action].includes(role);
}

export function allowedRoles(action: CaseAction): readonly CaseRole[] {
  return TABLE[action];
}

export function requirePermission(role: CaseRole, action: CaseAction): void {
  if (!isAllowed(role, action)) {
    const article = /^[aeiou]/.test(role) ? 'an' : 'a';
    throw new CourtError('FORBIDDEN', `${article} ${role} may not ${describe(action)} in this case`);
  }
}

function describe(action: CaseAction): string {
  const [subject, verb] = action.split('.') as [string, string];
  return `${verb.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} (${subject})`;
}
