// A live hearing scheduled from the asynchronous trial says what it covers: claims of the case,
// or the rest of it.
import { requireCoveredClaims } from '../../../server/domain/hearing/hearingCovers.js';
import { requirePresidingFor } from '../../../server/domain/trial/round.js';
import { codeOf } from '../../helpers/courtErrors.js';

const claims = ['c1', 'c2', 'c3'];

test('a hearing covers the rest of the case, naming no claim', () => {
  expect(requireCoveredClaims({ scope: 'rest' }, claims)).toEqual({ scope: 'rest' });
  expect(codeOf(() => requireCoveredClaims({ scope: 'rest', claimIds: ['c1'] }, claims))).toBe('INVALID_PAYLOAD');
});

test('a hearing covers claims of this case, each named once, at least one', () => {
  expect(requireCoveredClaims({ scope: 'claims', claimIds: ['c2', 'c1'] }, claims)).toEqual({ scope: 'claims', claimIds: ['c2', 'c1'] });
  expect(codeOf(() => requireCoveredClaims({ scope: 'claims', claimIds: [] }, claims))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireCoveredClaims({ scope: 'claims' }, claims))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireCoveredClaims({ scope: 'claims', claimIds: ['c1', 'c1'] }, claims))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireCoveredClaims({ scope: 'claims', claimIds: ['c9'] }, claims))).toBe('CLAIM_NOT_FOUND');
});

test('only the role presiding at the dispute stage moves part of the case to a live hearing', () => {
  expect(requirePresidingFor('trial', 'judge')).toBe('judge');
  expect(codeOf(() => requirePresidingFor('trial', 'clerk'))).toBe('NOT_PRESIDING');
  expect(codeOf(() => requirePresidingFor('arbitration', 'judge'))).toBe('NOT_PRESIDING');
  expect(codeOf(() => requirePresidingFor('negotiation', 'judge'))).toBe('NOT_PRESIDING');
});
