// Claims and issues: who states and who answers, what an answer must say, and the analysis the
// court reads — derived only from what the parties said, never invented.
import {
  analyseClaims,
  requireClaimantSide,
  requireCompleteResponse,
  requireReferable,
  requireRoomForClaims,
  respondentsAgainst,
  responderFor,
  type Claim,
  type ClaimResponse,
  type ClaimsRecord,
  type Position,
} from '../../../server/domain/trial/claims.js';
import { claimant, claimantCounsel, person, respondent, respondentCounsel, witness } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

const secondRespondent = person('re2', 'respondent');

function claim(id: string, number: number, text: string, against = ['re']): Claim {
  return { id, number, text, language: 'en', against, statedBy: 'participant:cl', statedByName: 'claimant cl', statedAt: '2026-03-01T00:00:00.000Z', ledgerSeq: number };
}

function response(claimId: string, respondentId: string, position: Position, extra: Partial<ClaimResponse> = {}): ClaimResponse {
  return {
    claimId,
    respondentId,
    respondentName: `respondent ${respondentId}`,
    position,
    language: 'en',
    evidence: [],
    version: 1,
    by: `participant:${respondentId}`,
    byName: `respondent ${respondentId}`,
    at: '2026-03-02T00:00:00.000Z',
    ledgerSeq: 10,
    ...(position === 'admit' ? {} : { reasons: 'because' }),
    ...extra,
  };
}

function record(claims: Claim[], responses: ClaimResponse[]): ClaimsRecord {
  const byClaim: Record<string, Record<string, ClaimResponse>> = {};
  for (const r of responses) byClaim[r.claimId] = { ...byClaim[r.claimId], [r.respondentId]: r };
  return { caseId: 'case-1', claims, responses: byClaim };
}

describe('who states claims and who answers them', () => {
  test("claims are stated by the claimant's side only", () => {
    expect(() => requireClaimantSide(claimant)).not.toThrow();
    expect(() => requireClaimantSide(claimantCounsel)).not.toThrow();
    expect(codeOf(() => requireClaimantSide(respondent))).toBe('NOT_THE_CLAIMANT');
    expect(codeOf(() => requireClaimantSide(respondentCounsel))).toBe('NOT_THE_CLAIMANT');
  });

  test('a claim is against the respondents it names, or every current respondent', () => {
    const people = [claimant, respondent, secondRespondent, person('re3', 'respondent', undefined, true), witness];
    expect(respondentsAgainst(people, undefined)).toEqual(['re', 're2']);
    expect(respondentsAgainst(people, ['re2'])).toEqual(['re2']);
    expect(codeOf(() => respondentsAgainst(people, ['cl']))).toBe('PARTICIPANT_NOT_FOUND');
    expect(codeOf(() => respondentsAgainst(people, ['re3']))).toBe('PARTICIPANT_NOT_FOUND');
    expect(codeOf(() => respondentsAgainst(people, ['re', 're']))).toBe('INVALID_PAYLOAD');
    expect(codeOf(() => respondentsAgainst([claimant], undefined))).toBe('PARTICIPANT_NOT_FOUND');
  });

  test('a party answers only claims made against it; counsel for the respondents answers for one of them', () => {
    const c = claim('c1', 1, 'The goods were delivered on 3 March.', ['re']);
    expect(responderFor(respondent, c, undefined)).toBe('re');
    expect(responderFor(respondentCounsel, c, undefined)).toBe('re');
    expect(codeOf(() => responderFor(claimant, c, undefined))).toBe('NOT_THE_RESPONDENT');
    expect(codeOf(() => responderFor(claimantCounsel, c, undefined))).toBe('NOT_THE_RESPONDENT');
    expect(codeOf(() => responderFor(secondRespondent, c, undefined))).toBe('NOT_THE_RESPONDENT');
    expect(codeOf(() => responderFor(respondent, c, 're2'))).toBe('NOT_THE_RESPONDENT');
    expect(codeOf(() => responderFor(respondentCounsel, c, 're2'))).toBe('NOT_THE_RESPONDENT');
    const againstBoth = claim('c2', 2, 'Both owe the price.', ['re', 're2']);
    expect(codeOf(() => responderFor(respondentCounsel, againstBoth, undefined))).toBe('INVALID_PAYLOAD');
    expect(responderFor(respondentCounsel, againstBoth, 're2')).toBe('re2');
  });

  test('a denial and a partial admission give reasons; a partial admission says what it admits', () => {
    expect(() => requireCompleteResponse({ position: 'admit', language: 'en', evidence: [] })).not.toThrow();
    expect(codeOf(() => requireCompleteResponse({ position: 'deny', language: 'en', evidence: [] }))).toBe('INVALID_PAYLOAD');
    expect(codeOf(() => requireCompleteResponse({ position: 'partlyAdmit', reasons: 'only part', language: 'en', evidence: [] }))).toBe('INVALID_PAYLOAD');
    expect(codeOf(() => requireCompleteResponse({ position: 'admit', admittedPart: 'x', language: 'en', evidence: [] }))).toBe('INVALID_PAYLOAD');
    expect(() => requireCompleteResponse({ position: 'partlyAdmit', reasons: 'only part', admittedPart: 'the first lot', language: 'en', evidence: [] })).not.toThrow();
  });

  test('a case holds at most 100 claims', () => {
    const full = record(Array.from({ length: 99 }, (_, i) => claim(`c${i}`, i + 1, `claim ${i}`)), []);
    expect(() => requireRoomForClaims(full, 1)).not.toThrow();
    expect(codeOf(() => requireRoomForClaims(full, 2))).toBe('INVALID_PAYLOAD');
  });

  test("an answer refers only to evidence of its own case that is on the record", () => {
    expect(() => requireReferable({ caseId: 'case-1' }, 'e1', 'case-1', 0)).not.toThrow();
    expect(codeOf(() => requireReferable({ caseId: 'case-2' }, 'e1', 'case-1', 0))).toBe('EVIDENCE_NOT_FOUND');
    expect(codeOf(() => requireReferable(undefined, 'e1', 'case-1', 0))).toBe('EVIDENCE_NOT_FOUND');
    expect(codeOf(() => requireReferable({ caseId: 'case-1', withdrawnAt: 'x' }, 'e1', 'case-1', 0))).toBe('EVIDENCE_ALREADY_WITHDRAWN');
  });
});

describe('the analysis of claims', () => {
  const delivered = claim('c1', 1, 'The goods were delivered on 3 March 2025.');
  const unpaid = claim('c2', 2, 'The price of USD 40,000 is unpaid.');
  const damages = claim('c3', 3, 'The delay caused a loss of USD 5,000.');

  test('with no answers, no claim is taken as admitted or disputed: every one awaits its respondent', () => {
    const analysis = analyseClaims(record([delivered, unpaid], []));
    expect(analysis.undisputedFacts).toEqual([]);
    expect(analysis.issuesInDispute).toEqual([]);
    expect(analysis.unanswered.map((u) => [u.number, u.awaiting])).toEqual([
      [1, ['re']],
      [2, ['re']],
    ]);
  });

  test('an admitted claim is an undisputed fact; a denied one an issue in dispute, with the reasons and evidence given', () => {
    const analysis = analyseClaims(
      record([delivered, unpaid, damages], [
        response('c1', 're', 'admit'),
        response('c2', 're', 'deny', { reasons: 'Paid by wire on 10 April.', evidence: ['e-wire'] }),
      ]),
    );
    expect(analysis.undisputedFacts).toEqual([expect.objectContaining({ claimId: 'c1', number: 1, text: delivered.text, basis: 'admitted' })]);
    expect(analysis.issuesInDispute).toEqual([
      expect.objectContaining({ claimId: 'c2', claim: unpaid.text, kind: 'denied', evidence: ['e-wire'], positions: [expect.objectContaining({ position: 'deny', reasons: 'Paid by wire on 10 April.' })] }),
    ]);
    expect(analysis.unanswered.map((u) => u.claimId)).toEqual(['c3']);
  });

  test("a partly admitted claim is in dispute, and the admitted part — in the respondent's words — is undisputed", () => {
    const analysis = analyseClaims(record([damages], [response('c3', 're', 'partlyAdmit', { admittedPart: 'The delivery was two weeks late.', reasons: 'No loss followed.' })]));
    expect(analysis.issuesInDispute).toEqual([expect.objectContaining({ claimId: 'c3', kind: 'partlyAdmitted' })]);
    expect(analysis.undisputedFacts).toEqual([expect.objectContaining({ claimId: 'c3', text: 'The delivery was two weeks late.', basis: 'partlyAdmitted' })]);
  });

  test('a claim against two respondents is undisputed only when both admit it, and unanswered while one is silent', () => {
    const joint = claim('c4', 4, 'Both signed the guarantee.', ['re', 're2']);
    expect(analyseClaims(record([joint], [response('c4', 're', 'admit')])).unanswered).toEqual([expect.objectContaining({ claimId: 'c4', awaiting: ['re2'] })]);
    const bothAdmit = analyseClaims(record([joint], [response('c4', 're', 'admit'), response('c4', 're2', 'admit')]));
    expect(bothAdmit.undisputedFacts.map((f) => [f.claimId, f.admittedBy.map((a) => a.respondentId)])).toEqual([['c4', ['re', 're2']]]);
    const oneDenies = analyseClaims(record([joint], [response('c4', 're', 'admit'), response('c4', 're2', 'deny')]));
    expect(oneDenies.undisputedFacts).toEqual([]);
    expect(oneDenies.issuesInDispute[0]!.positions.map((p) => p.position)).toEqual(['admit', 'deny']);
  });

  test('parts admitted by two respondents are not agreed facts: neither admitted what the other did', () => {
    const joint = claim('c5', 5, 'Both received the goods.', ['re', 're2']);
    const analysis = analyseClaims(
      record([joint], [response('c5', 're', 'partlyAdmit', { admittedPart: 'I received half.' }), response('c5', 're2', 'partlyAdmit', { admittedPart: 'I received a third.' })]),
    );
    expect(analysis.undisputedFacts).toEqual([]);
    expect(analysis.issuesInDispute).toHaveLength(1);
    const withOneAdmitting = analyseClaims(record([joint], [response('c5', 're', 'admit'), response('c5', 're2', 'partlyAdmit', { admittedPart: 'I received a third.' })]));
    expect(withOneAdmitting.undisputedFacts.map((f) => f.text)).toEqual(['I received a third.']);
  });

  test('every text in the analysis is a claim or an admitted part as a party wrote it', () => {
    const r = record([delivered, unpaid, damages], [response('c1', 're', 'admit'), response('c2', 're', 'deny'), response('c3', 're', 'partlyAdmit', { admittedPart: 'Late by two weeks.' })]);
    const said = new Set([...r.claims.map((c) => c.text), 'Late by two weeks.']);
    const analysis = analyseClaims(r);
    for (const text of [...analysis.undisputedFacts.map((f) => f.text), ...analysis.issuesInDispute.map((i) => i.claim)]) expect(said.has(text)).toBe(true);
  });

  test('a changed answer changes the analysis: the latest answer is what counts', () => {
    const before = analyseClaims(record([unpaid], [response('c2', 're', 'deny')]));
    const after = analyseClaims(record([unpaid], [response('c2', 're', 'admit', { version: 2 })]));
    expect(before.issuesInDispute.map((i) => i.claimId)).toEqual(['c2']);
    expect(after.issuesInDispute).toEqual([]);
    expect(after.undisputedFacts.map((f) => f.claimId)).toEqual(['c2']);
  });
});
