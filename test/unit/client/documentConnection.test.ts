// What the document page makes of a closed sync connection: the close codes the court sends
// (server/protocol/documentSync.ts), a connection refused before it opened, and which REST
// answers end the trying.
import { DOCUMENT_CLOSE } from '../../../server/protocol/documentSync.js';
import { closeVerdict, isFinalRefusal } from '../../../client/src/documents/connectionState.js';
import { en } from '../../../client/src/messages/en.js';
import { zhCN } from '../../../client/src/messages/zh-CN.js';

describe('a closed connection', () => {
  test('removed from the case (4403): refused, and the page stops reconnecting', () => {
    expect(closeVerdict(DOCUMENT_CLOSE.ACCESS_REVOKED, true)).toEqual({ state: 'refused', reason: 'ACCESS_REVOKED' });
  });

  test.each([
    ['SHUTTING_DOWN', DOCUMENT_CLOSE.SHUTTING_DOWN],
    ['MALFORMED', DOCUMENT_CLOSE.MALFORMED],
    ['TOO_BIG', DOCUMENT_CLOSE.TOO_BIG],
    ['NOT_STORED', DOCUMENT_CLOSE.NOT_STORED],
    ['TOO_SLOW', DOCUMENT_CLOSE.TOO_SLOW],
    ['NOT_BINARY', DOCUMENT_CLOSE.NOT_BINARY],
  ])('%s: offline with its reason, and reconnecting', (name, code) => {
    expect(closeVerdict(code, true)).toEqual({ state: 'offline', reason: name });
  });

  test('closed abnormally after it opened: the connection was lost', () => {
    expect(closeVerdict(1006, true)).toEqual({ state: 'offline', reason: 'LOST' });
  });

  test('closed before it opened: a browser cannot see the refusal, so the court is asked over REST', () => {
    expect(closeVerdict(1006, false)).toEqual({ state: 'diagnose' });
  });

  test('silence for too long (the provider closes it, no event): lost', () => {
    expect(closeVerdict(null, true)).toEqual({ state: 'offline', reason: 'LOST' });
  });

  test('a normal close has no reason to show; an unknown code is "closed"', () => {
    expect(closeVerdict(1000, true)).toEqual({ state: 'offline', reason: null });
    expect(closeVerdict(4999, true)).toEqual({ state: 'offline', reason: 'OTHER' });
  });

  test('every close code the court sends has words in English and Chinese', () => {
    for (const name of [...Object.keys(DOCUMENT_CLOSE), 'LOST', 'OTHER']) {
      expect(en).toHaveProperty([`document.close.${name}`]);
      expect(zhCN).toHaveProperty([`document.close.${name}`]);
    }
  });
});

describe('the court’s answer over REST to a refused connection', () => {
  test('not a participant, not released, no such document, signed out: final', () => {
    for (const code of ['NOT_A_CASE_PARTICIPANT', 'DOCUMENT_NOT_RELEASED', 'DOCUMENT_NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']) expect(isFinalRefusal(code)).toBe(true);
  });

  test('no answer, a failure or a restart: try again', () => {
    for (const code of ['NETWORK', 'INTERNAL_ERROR', 'SERVER_SHUTTING_DOWN']) expect(isFinalRefusal(code)).toBe(false);
  });
});
