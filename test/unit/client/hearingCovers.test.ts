// A live hearing scheduled from the asynchronous trial covers the rest of the case or the claims
// chosen, and the hearings list says which: claims by their numbers, in order.
import { coversMessage, coversOf } from '../../../client/src/record/hearingCovers.js';

test('the rest of the case names no claims', () => {
  expect(coversOf('rest', ['c1'])).toEqual({ scope: 'rest' });
});

test('covering claims names at least one, each once', () => {
  expect(coversOf('claims', [])).toEqual({ problem: 'noClaimChosen' });
  expect(coversOf('claims', ['c2', 'c1', 'c2'])).toEqual({ scope: 'claims', claimIds: ['c2', 'c1'] });
});

test('the list says "the rest of the case", or the claims by number in order', () => {
  const numbers = new Map([
    ['c1', 1],
    ['c2', 2],
    ['c3', 3],
  ]);
  expect(coversMessage({ scope: 'rest' }, numbers)).toEqual({ key: 'hearings.coversRest' });
  expect(coversMessage({ scope: 'claims', claimIds: ['c3', 'c1'] }, numbers)).toEqual({ key: 'hearings.coversClaims', params: { numbers: '1, 3' } });
});

test('a viewer who cannot read the claims is told how many are covered; a hearing that covers nothing says nothing', () => {
  expect(coversMessage({ scope: 'claims', claimIds: ['c1', 'c9'] }, new Map([['c1', 1]]))).toEqual({ key: 'hearings.coversClaimCount', params: { count: 2 } });
  expect(coversMessage(undefined, new Map())).toBeUndefined();
});
