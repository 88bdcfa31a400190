// Every cell of the role × action table, allowed and denied, written out as the court expects it.
import { ACTIONS, isAllowed, requirePermission, type CaseAction } from '../../../server/domain/access/permissions.js';
import { CASE_ROLES, type CaseRole } from '../../../server/domain/access/roles.js';
import { CourtError } from '../../../server/domain/CourtError.js';

// J judge, A arbitrator, M mediator, C clerk, cl claimant, re respondent, co counsel,
// wi witness, in interpreter, ob observer. 'x' allowed, '.' denied.
const EXPECTED: Record<CaseAction, string> = {
  //                   J A M C cl re co wi in ob
  'case.view':         'x x x x x  x  x  x  x  x',
  'case.edit':         'x x x x .  .  .  .  .  .',
  'case.changeStage':  'x x x . .  .  .  .  .  .',
  'case.viewTimeline': 'x x x x x  x  x  x  x  .',
  'participant.view':  'x x x x x  x  x  x  x  .',
  'participant.add':   'x x x x .  .  .  .  .  .',
  'participant.remove':'x x x x .  .  .  .  .  .',
  'participant.setWorkingHours':'x x x x x  x  x  x  x  .',
  'invitation.create': 'x x x x .  .  .  .  .  .',
  'invitation.revoke': 'x x x x .  .  .  .  .  .',
  'evidence.file':     '. . . x x  x  x  .  .  .',
  'evidence.view':     'x x x x x  x  x  x  x  .',
  'evidence.withdraw': '. . . . x  x  x  .  .  .',
  'evidence.viewCustody':'x x x x x  x  x  .  .  .',
  'ledger.view':       'x x x x x  x  x  x  x  x',
  'case.export':       'x x x x x  x  x  .  .  .',
  'audit.view':        'x x x x .  .  .  .  .  .',
  'hearing.schedule':  'x x x x .  .  .  .  .  .',
  'hearing.join':      'x x x x x  x  x  x  x  x',
  'hearing.preside':   'x x x x .  .  .  .  .  .',
  'hearing.raiseHand': 'x x x x x  x  x  x  x  .',
  'hearing.requestConsultation':'. . . . x  x  x  x  .  .',
  'hearing.viewRecord':'x x x x .  .  .  .  .  .',
  'hearing.present':   'x x x x x  x  x  .  .  .',
  'recording.control': 'x . . x .  .  .  .  .  .',
  'recording.view':    'x x x x x  x  x  .  .  .',
  'media.send':        'x x x x x  x  x  x  x  .',
  'media.receive':     'x x x x x  x  x  x  x  x',
  'document.list':     'x x x x x  x  x  .  .  .',
  'document.create':   'x x x x x  x  x  .  .  .',
  'minutes.read':      'x x x x x  x  x  .  .  .',
  'minutes.write':     'x . . x .  .  .  .  .  .',
  'minutes.release':   'x . . x .  .  .  .  .  .',
  'agreedFacts.read':  'x x . . x  x  x  .  .  .',
  'agreedFacts.write': '. . . . x  x  x  .  .  .',
  'settlement.read':   '. . x . x  x  x  .  .  .',
  'settlement.write':  '. . x . x  x  x  .  .  .',
  'document.lock':     'x x x . .  .  .  .  .  .',
  'document.sign':     'x x x x x  x  x  .  .  .',
  'trial.view':        'x x x x x  x  x  x  x  .',
  'trial.consent':     '. . . . x  x  x  .  .  .',
  'round.open':        'x x x . .  .  .  .  .  .',
  'round.view':        'x x x x x  x  x  x  x  .',
  'round.close':       'x x x . .  .  .  .  .  .',
  'round.extend':      'x x x . .  .  .  .  .  .',
  'round.requestExtension':'. . . . x  x  x  x  .  .',
  'answer.submit':     '. . . . x  x  x  x  .  .',
  'crossExamination.view':    'x x x x x  x  x  .  .  .',
  'crossExamination.state':   '. . . . x  x  x  .  .  .',
  'crossExamination.question':'x x x . .  .  .  .  .  .',
  'claim.view':        'x x x x x  x  x  .  .  .',
  'claim.state':       '. . . . x  .  x  .  .  .',
  'claim.answer':      '. . . . .  x  x  .  .  .',
  'claim.analyse':     'x x x x .  .  .  .  .  .',
  'offer.view':        '. . x . x  x  x  .  .  .',
  'offer.make':        '. . . . x  x  x  .  .  .',
  'offer.answer':      '. . . . x  x  x  .  .  .',
};

const cells = ACTIONS.flatMap((action) => {
  const marks = EXPECTED[action].split(/\s+/);
  return CASE_ROLES.map((role, i) => [action, role, marks[i] === 'x'] as [CaseAction, CaseRole, boolean]);
});

test('the expected table names every action and every role', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  for (const action of ACTIONS) expect(EXPECTED[action].split(/\s+/)).toHaveLength(CASE_ROLES.length);
});

test.each(cells)('%s by a %s: allowed = %s', (action, role, allowed) => {
  expect(isAllowed(role, action)).toBe(allowed);
  if (allowed) expect(() => requirePermission(role, action)).not.toThrow();
  else expect(() => requirePermission(role, action)).toThrow(CourtError);
});

test('a denial says who may not do what, with the stable code FORBIDDEN', () => {
  let error: unknown;
  try {
    requirePermission('observer', 'media.send');
  } catch (caught) {
    error = caught;
  }
  expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'an observer may not send (media) in this case' });
});
