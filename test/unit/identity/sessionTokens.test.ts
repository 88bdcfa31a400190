// The court's signed tokens are checked without jose's WebCrypto path (sessionTokens.ts): a token
// is accepted only as signToken makes it — HS256 with the court's key, of the expected type,
// issued by the court, not expired beyond the clock leeway — and anything altered, forged or of
// another kind is refused with the caller's code.
import { createHmac, randomBytes } from 'node:crypto';
import { signedClaims, signToken, TOKEN_CLOCK_TOLERANCE_MS, verifyToken } from '../../../server/identity/sessionTokens.js';
import { CourtError } from '../../../server/domain/CourtError.js';

/** The code a token check was refused with, or undefined when the token was accepted. */
function codeOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof CourtError) return error.code;
    throw error;
  }
}

const KEY = randomBytes(32);
const ISSUED = new Date('2026-11-28T10:00:00Z');
const EXPIRES = new Date('2026-11-28T10:15:00Z');
const CODES = { invalid: 'UNAUTHENTICATED', expired: 'SESSION_EXPIRED' } as const;
const access = () => signToken(KEY, 'crosscourt-access+jwt', { sid: 'session-1' }, ISSUED, EXPIRES);
const check = (token: string, at = new Date('2026-11-28T10:05:00Z')) => verifyToken(KEY, 'crosscourt-access+jwt', token, at, CODES, 'access token');

/** A token with this header and payload and a valid HS256 signature over them with `key`. */
function forged(header: object, payload: object, key: Uint8Array = KEY): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signed = `${encode(header)}.${encode(payload)}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}
const CLAIMS = { sid: 'session-1', iss: 'crosscourt', iat: ISSUED.getTime() / 1000, exp: EXPIRES.getTime() / 1000 };
const HEADER = { alg: 'HS256', typ: 'crosscourt-access+jwt' };

test('a token the court signed is accepted with its claims', async () => {
  expect(check(await access())).toMatchObject({ sid: 'session-1', iss: 'crosscourt', exp: EXPIRES.getTime() / 1000 });
  // The forging helper makes the same kind of token: the refusals below are about what they change.
  expect(check(forged(HEADER, CLAIMS))).toMatchObject({ sid: 'session-1' });
  // The same header written otherwise (the court's own form is recognised without decoding it).
  expect(check(forged({ typ: HEADER.typ, alg: HEADER.alg }, CLAIMS))).toMatchObject({ sid: 'session-1' });
});

test('an altered payload, an altered or missing signature, or another key is refused', async () => {
  const token = await access();
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const otherPayload = Buffer.from(JSON.stringify({ ...CLAIMS, sid: 'session-2' })).toString('base64url');
  const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
  for (const bad of [`${header}.${otherPayload}.${signature}`, `${header}.${payload}.${flipped}`, `${header}.${payload}.`, `${header}.${payload}`, forged(HEADER, CLAIMS, randomBytes(32))]) {
    expect(codeOf(() => check(bad))).toBe('UNAUTHENTICATED');
  }
});

test('another algorithm, another type, extensions, another issuer, a missing expiry or malformed parts are refused', async () => {
  const refused = [
    forged({ ...HEADER, alg: 'none' }, CLAIMS),
    forged({ ...HEADER, alg: 'HS512' }, CLAIMS),
    forged({ ...HEADER, typ: 'crosscourt-invitation+jwt' }, CLAIMS),
    forged({ ...HEADER, crit: ['b64'], b64: false }, CLAIMS),
    forged(HEADER, { ...CLAIMS, iss: 'someone-else' }),
    forged(HEADER, { ...CLAIMS, exp: undefined }),
    forged(HEADER, { ...CLAIMS, exp: String(CLAIMS.exp) }),
    forged(HEADER, { ...CLAIMS, nbf: CLAIMS.exp }),
    'not a token',
    'a.b.c',
    `${Buffer.from('{not json').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`,
  ];
  for (const token of refused) expect([token, codeOf(() => check(token))]).toEqual([token, 'UNAUTHENTICATED']);
  // An invitation is never a session, and a session never an invitation.
  const invitation = await signToken(KEY, 'crosscourt-invitation+jwt', { pid: 'p-1' }, ISSUED, EXPIRES);
  expect(codeOf(() => check(invitation))).toBe('UNAUTHENTICATED');
  const token = await access();
  expect(codeOf(() => verifyToken(KEY, 'crosscourt-invitation+jwt', token, ISSUED, { invalid: 'INVITATION_INVALID', expired: 'INVITATION_EXPIRED' }, 'invitation'))).toBe('INVITATION_INVALID');
});

test('expiry: accepted until the clock leeway has passed after it, then refused as expired', async () => {
  const token = await access();
  const leeway = TOKEN_CLOCK_TOLERANCE_MS;
  expect(check(token, new Date(EXPIRES.getTime() + leeway - 1000))).toMatchObject({ sid: 'session-1' });
  expect(codeOf(() => check(token, new Date(EXPIRES.getTime() + leeway)))).toBe('SESSION_EXPIRED');
  expect(codeOf(() => check(token, new Date(EXPIRES.getTime() + 3_600_000)))).toBe('SESSION_EXPIRED');
});

test('the claims of an expired token of the court can still be read (to audit its refusal), not those of a forged or other-type one', async () => {
  const token = await access();
  expect(signedClaims(KEY, 'crosscourt-access+jwt', token)).toMatchObject({ sid: 'session-1' });
  expect(signedClaims(KEY, 'crosscourt-invitation+jwt', token)).toBeUndefined();
  expect(signedClaims(KEY, 'crosscourt-access+jwt', forged(HEADER, CLAIMS, randomBytes(32)))).toBeUndefined();
});
