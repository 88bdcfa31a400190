// A round's clock and its rules: who presides, when it takes answers, reveals and closes.
import {
  acceptsAnswer,
  acceptsExtensionRequest,
  closesAt,
  dueChanges,
  everyoneAnswered,
  presidingRoleOf,
  requiredFrom,
  requirePresidingFor,
  requireRunsRound,
} from '../../../server/domain/trial/round.js';
import { allAnswered, claimant, claimantCounsel, judge, person, respondent, round, witness } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

const BEFORE = new Date('2026-03-09T09:00:00.000Z');
const AT = new Date('2026-03-10T09:00:00.000Z');
const AFTER = new Date('2026-03-10T10:00:00.000Z');

test('the dispute stage says who runs rounds: judge in trial, arbitrator in arbitration, mediator in mediation, nobody in negotiation', () => {
  expect([presidingRoleOf('trial'), presidingRoleOf('arbitration'), presidingRoleOf('mediation'), presidingRoleOf('negotiation')]).toEqual(['judge', 'arbitrator', 'mediator', undefined]);
  expect(requirePresidingFor('trial', 'judge')).toBe('judge');
  expect(codeOf(() => requirePresidingFor('trial', 'arbitrator'))).toBe('NOT_PRESIDING');
  expect(codeOf(() => requirePresidingFor('negotiation', 'judge'))).toBe('NOT_PRESIDING');
  expect(codeOf(() => requireRunsRound(round(), 'mediator'))).toBe('NOT_PRESIDING');
});

test('those who must answer are current parties, counsel or witnesses of the case, each once', () => {
  const people = [judge, claimant, claimantCounsel, respondent, witness, person('in', 'interpreter'), person('gone', 'respondent', undefined, true)];
  expect(requiredFrom(people, ['cl', 'wi'], 'now').map((r) => [r.participantId, r.side])).toEqual([['cl', 'claimant'], ['wi', undefined]]);
  expect(codeOf(() => requiredFrom(people, [], 'now'))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requiredFrom(people, ['cl', 'cl'], 'now'))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requiredFrom(people, ['in'], 'now'))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requiredFrom(people, ['ju'], 'now'))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requiredFrom(people, ['gone'], 'now'))).toBe('PARTICIPANT_NOT_FOUND');
});

describe('a sealed round reveals when everyone has answered or the deadline passes', () => {
  test('before the deadline with an answer missing, nothing is due', () => {
    expect(dueChanges(round({ answered: { cl: { t1: 'x', t2: 'x' } } }), BEFORE)).toEqual({ reveal: false, close: false });
  });

  test('one question unanswered is not answering: the reveal waits', () => {
    const r = round({ answered: { cl: { t1: 'x', t2: 'x' }, re: { t1: 'x' } } });
    expect(everyoneAnswered(r)).toBe(false);
    expect(dueChanges(r, BEFORE).reveal).toBe(false);
  });

  test('everyone answered every question: the reveal is due at once, the close at the deadline', () => {
    const r = round();
    expect(dueChanges({ ...r, answered: allAnswered(r) }, BEFORE)).toEqual({ reveal: true, close: false });
  });

  test('at the deadline: reveal, and close when late answers are refused', () => {
    expect(dueChanges(round(), AT)).toEqual({ reveal: true, close: true });
  });

  test('with late answers accepted, the reveal is at the deadline and the close at the end of the late window', () => {
    const r = round({ late: { kind: 'acceptFlagged', windowMinutes: 120 } });
    expect(closesAt(r)).toBe('2026-03-10T11:00:00.000Z');
    expect(dueChanges(r, AFTER)).toEqual({ reveal: true, close: false });
    expect(dueChanges(r, new Date('2026-03-10T11:00:00.000Z'))).toEqual({ reveal: true, close: true });
  });

  test('a revealed or sequential round has nothing to reveal; a suspended one has a stopped clock', () => {
    expect(dueChanges(round({ revealedAt: 'x' }), BEFORE).reveal).toBe(false);
    expect(dueChanges(round({ exchange: 'sequential' }), AT)).toEqual({ reveal: false, close: true });
    expect(dueChanges(round({ status: 'suspended', suspendedAt: 'x' }), AFTER)).toEqual({ reveal: false, close: false });
  });
});

describe('answers and the deadline', () => {
  test('before the deadline an answer is on time, and may be changed', () => {
    expect(acceptsAnswer(round(), BEFORE, false)).toEqual({ late: false });
    expect(acceptsAnswer(round(), BEFORE, true)).toEqual({ late: false });
  });

  test('after it, a round that refuses late answers refuses with DEADLINE_PASSED', () => {
    expect(codeOf(() => acceptsAnswer(round(), AT, false))).toBe('DEADLINE_PASSED');
  });

  test('a round that accepts late answers takes a first answer, flagged, until the late window ends; a change is refused', () => {
    const r = round({ late: { kind: 'acceptFlagged', windowMinutes: 120 } });
    expect(acceptsAnswer(r, AFTER, false)).toEqual({ late: true });
    expect(codeOf(() => acceptsAnswer(r, AFTER, true))).toBe('DEADLINE_PASSED');
    expect(codeOf(() => acceptsAnswer(r, new Date('2026-03-10T11:00:00.000Z'), false))).toBe('DEADLINE_PASSED');
  });

  test('a closed round takes nothing; a suspended one neither', () => {
    expect(codeOf(() => acceptsAnswer(round({ status: 'closed', closedAt: 'x' }), BEFORE, false))).toBe('ROUND_CLOSED');
    expect(codeOf(() => acceptsAnswer(round({ status: 'suspended', suspendedAt: 'x' }), BEFORE, false))).toBe('ROUND_SUSPENDED');
  });

  test('more time is asked for before the deadline, not after', () => {
    expect(() => acceptsExtensionRequest(round(), BEFORE)).not.toThrow();
    expect(codeOf(() => acceptsExtensionRequest(round(), AT))).toBe('DEADLINE_PASSED');
    expect(codeOf(() => acceptsExtensionRequest(round({ status: 'suspended' }), BEFORE))).toBe('ROUND_SUSPENDED');
  });
});

test('a round its clock closed answers DEADLINE_PASSED, one the court closed ROUND_CLOSED', () => {
  expect(codeOf(() => acceptsAnswer(round({ status: 'closed', closedAt: 'x', closedBecause: 'deadline' }), AFTER, false))).toBe('DEADLINE_PASSED');
  expect(codeOf(() => acceptsExtensionRequest(round({ status: 'closed', closedAt: 'x', closedBecause: 'deadline' }), AFTER))).toBe('DEADLINE_PASSED');
  expect(codeOf(() => acceptsAnswer(round({ status: 'closed', closedAt: 'x', closedBecause: 'court' }), BEFORE, false))).toBe('ROUND_CLOSED');
});
