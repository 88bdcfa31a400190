// Consent to the asynchronous trial: every party, counsel for its side, any withdrawal ends it.
import { consentOf, initialTrialState, recordConsent, requireAsyncTrial, type Consent, type TrialState } from '../../../server/domain/trial/consent.js';
import { CourtError } from '../../../server/domain/CourtError.js';
import { claimant, claimantCounsel, judge, person, respondent, respondentCounsel, witness } from './trialFixtures.js';

const given = (participantId: string): Consent => ({ participantId, state: 'given', at: '2026-03-01T00:00:00.000Z', ledgerSeq: 1 });
const withdrawn = (participantId: string): Consent => ({ participantId, state: 'withdrawn', at: '2026-03-02T00:00:00.000Z', ledgerSeq: 2, reason: 'I want a hearing' });
const consents = (...list: Consent[]) => Object.fromEntries(list.map((c) => [c.participantId, c]));

test('every party consenting in person makes the consent complete; one missing does not', () => {
  const people = [judge, claimant, respondent, witness];
  expect(consentOf(people, consents(given('cl'), given('re'))).complete).toBe(true);
  const partial = consentOf(people, consents(given('cl')));
  expect(partial.complete).toBe(false);
  expect(partial.sides.find((s) => s.side === 'respondent')).toMatchObject({ consented: false, missing: ['re'] });
});

test("counsel's consent is its side's: the claimant need not consent in person when its counsel has", () => {
  const summary = consentOf([claimant, claimantCounsel, respondent], consents(given('co'), given('re')));
  expect(summary.complete).toBe(true);
  expect(summary.sides.find((s) => s.side === 'claimant')).toMatchObject({ consented: true, throughCounsel: 'co', missing: [] });
});

test('counsel of one side cannot consent for the other', () => {
  expect(consentOf([claimant, respondent, respondentCounsel], consents(given('cl'), given('co'))).complete).toBe(false);
});

test("a party's withdrawal is its side's refusal, even when its counsel consented", () => {
  const summary = consentOf([claimant, claimantCounsel, respondent], consents(given('co'), withdrawn('cl'), given('re')));
  expect(summary.complete).toBe(false);
  expect(summary.sides.find((s) => s.side === 'claimant')).toMatchObject({ consented: false, withdrawnBy: ['cl'] });
});

test('co-claimants each consent; a side with nobody in the case cannot; removed participants do not count', () => {
  const second = person('cl2', 'claimant');
  expect(consentOf([claimant, second, respondent], consents(given('cl'), given('re'))).sides[0]).toMatchObject({ consented: false, missing: ['cl2'] });
  expect(consentOf([claimant], consents(given('cl'))).sides[1]).toMatchObject({ side: 'respondent', consented: false, missing: [] });
  expect(consentOf([claimant, person('cl2', 'claimant', undefined, true), respondent], consents(given('cl'), given('re'))).complete).toBe(true);
});

test('the case goes async with the last consent, and back to live with any withdrawal', () => {
  const people = [claimant, respondent];
  const first = recordConsent(initialTrialState('case-1'), people, given('cl'));
  expect(first).toMatchObject({ next: { mode: 'live' }, modeChanged: false });
  const second = recordConsent(first.next, people, given('re'));
  expect(second).toMatchObject({ next: { mode: 'async', modeSince: '2026-03-01T00:00:00.000Z' }, modeChanged: true });
  const third = recordConsent(second.next, people, withdrawn('re'));
  expect(third).toMatchObject({ next: { mode: 'live', modeSince: '2026-03-02T00:00:00.000Z' }, modeChanged: true });
  expect(third.next.consents.re).toMatchObject({ state: 'withdrawn', reason: 'I want a hearing' });
});

test('rounds need async mode with consent complete now, and the refusal names who is missing', () => {
  const people = [claimant, respondent];
  const async: TrialState = { caseId: 'case-1', mode: 'async', consents: consents(given('cl'), given('re')), rounds: 0 };
  expect(() => requireAsyncTrial(async, people)).not.toThrow();
  const refuse = (state: TrialState, list = people) => {
    try {
      requireAsyncTrial(state, list);
    } catch (error) {
      return error as CourtError;
    }
    throw new Error('expected CONSENT_REQUIRED');
  };
  expect(refuse({ ...async, mode: 'live', consents: consents(given('cl')) })).toMatchObject({ code: 'CONSENT_REQUIRED', message: expect.stringContaining('respondent re (respondent) has not consented') });
  // A party added after the case went async has not consented yet.
  expect(refuse(async, [...people, person('re2', 'respondent')]).message).toContain('respondent re2');
  expect(refuse({ ...async, mode: 'live', consents: consents(given('cl'), withdrawn('re')) }).message).toContain('withdrew consent for the respondent');
});

test('a settled case has no asynchronous trial left: rounds, claims and cross-examination are refused with CASE_SETTLED, whatever the consent', () => {
  const state: TrialState = { ...initialTrialState('case-1'), mode: 'async', consents: consents(given('cl'), given('re')), settledAt: '2026-03-04T00:00:00.000Z' };
  const { settledAt: _settled, ...unsettled } = state;
  expect(() => requireAsyncTrial(unsettled, [claimant, respondent])).not.toThrow();
  try {
    requireAsyncTrial(state, [claimant, respondent]);
    throw new Error('expected a refusal');
  } catch (error) {
    expect(error).toBeInstanceOf(CourtError);
    expect((error as CourtError).code).toBe('CASE_SETTLED');
  }
});
