// Staff sign-in, session tokens and refresh, over the real REST API of a running node.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { startTestCourt } from '../../helpers/courtHarness.js';
import { ApiClient, createStaff, signIn, STAFF_PASSWORD } from '../../helpers/caseRecordClient.js';

let server: RunningCourtServer;
let clock = Date.now();

beforeAll(async () => {
  server = await startTestCourt(
    {},
    {
      now: () => new Date(clock),
      policy: {
        lockout: { maxFailures: 3, lockMs: 60_000 },
        signInPerAddress: { attempts: 1000, windowMs: 60_000 },
        signInPerUser: { attempts: 6, windowMs: 60_000 },
        sessions: { accessTtlSeconds: 60, staffSessionSeconds: 3600, participantSessionSeconds: 3600 },
      },
    },
  );
  await createStaff(server, 'judge-wang', 'judge', 'Judge Wang');
});

afterAll(async () => {
  await server?.close();
});

const anonymous = () => new ApiClient(server.url);

test('a judge signs in with the right password and sees who they are', async () => {
  const judge = await signIn(server, 'judge-wang');
  const me = await judge.ok(judge.get('/me'));
  expect(me).toMatchObject({ kind: 'staff', displayName: 'Judge Wang', staffRole: 'judge', cases: [] });
});

test('a wrong password or an unknown user name is refused with the same INVALID_CREDENTIALS', async () => {
  await createStaff(server, 'clerk-guess', 'clerk');
  const wrong = await anonymous().post('/sessions', { username: 'clerk-guess', password: 'not the password' });
  const unknown = await anonymous().post('/sessions', { username: 'nobody-here', password: 'not the password' });
  for (const response of [wrong, unknown]) {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401, detail: 'the user name or password is wrong' });
  }
});

test('after repeated failures the account is locked, even for the right password, until the lock ends', async () => {
  await createStaff(server, 'mediator-lock', 'mediator');
  for (let i = 0; i < 2; i++) expect((await anonymous().post('/sessions', { username: 'mediator-lock', password: 'wrong password' })).body.code).toBe('INVALID_CREDENTIALS');
  const third = await anonymous().post('/sessions', { username: 'mediator-lock', password: 'wrong password' });
  expect(third.status).toBe(423);
  expect(third.body.code).toBe('ACCOUNT_LOCKED');
  const right = await anonymous().post('/sessions', { username: 'mediator-lock', password: STAFF_PASSWORD });
  expect(right.body.code).toBe('ACCOUNT_LOCKED');
  clock += 61_000;
  expect((await anonymous().post('/sessions', { username: 'mediator-lock', password: STAFF_PASSWORD })).status).toBe(201);
});

test('sign-in attempts for one user name are rate-limited, with Retry-After', async () => {
  await createStaff(server, 'arb-rate', 'arbitrator');
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 7; i++) {
    last = await anonymous().post('/sessions', { username: 'arb-rate', password: i % 2 === 0 ? 'wrong password' : STAFF_PASSWORD });
    statuses.push(last.status);
  }
  expect(statuses.slice(0, 6)).not.toContain(429);
  expect(last!.status).toBe(429);
  expect(last!.body.code).toBe('TOO_MANY_ATTEMPTS');
  expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  clock += 61_000;
});

test('an expired access token is refused with SESSION_EXPIRED, even one that worked before; refreshing gives a working one', async () => {
  const judge = await signIn(server, 'judge-wang');
  expect((await judge.get('/me')).status).toBe(200);
  clock += 64_000; // past the 60 s lifetime, within the 5 s clock tolerance
  expect((await judge.get('/me')).status).toBe(200);
  clock += 26_000; // past the tolerance too
  const expired = await judge.get('/me');
  expect(expired.status).toBe(401);
  expect(expired.body.code).toBe('SESSION_EXPIRED');
  const refreshed = await anonymous().ok(anonymous().post('/sessions/refresh', { refreshToken: judge.refreshToken }));
  judge.token = refreshed.accessToken;
  expect((await judge.get('/me')).status).toBe(200);
});

test('a refresh token works once; used again, it ends the session for everyone holding it', async () => {
  const judge = await signIn(server, 'judge-wang');
  const first = await anonymous().ok(anonymous().post('/sessions/refresh', { refreshToken: judge.refreshToken }));
  const replay = await anonymous().post('/sessions/refresh', { refreshToken: judge.refreshToken });
  expect(replay.status).toBe(401);
  expect(replay.body.code).toBe('REFRESH_TOKEN_INVALID');
  // The legitimate holder's newer tokens stop working too: the copy was detected.
  const later = await anonymous().post('/sessions/refresh', { refreshToken: first.refreshToken });
  expect(later.body.code).toBe('REFRESH_TOKEN_INVALID');
  expect((await new ApiClient(server.url, first.accessToken).get('/me')).body.code).toBe('UNAUTHENTICATED');
});

test('signing out ends the session at once', async () => {
  const judge = await signIn(server, 'judge-wang');
  expect((await judge.call('DELETE', '/sessions/current')).status).toBe(204);
  const after = await judge.get('/me');
  expect(after.status).toBe(401);
  expect(after.body.code).toBe('UNAUTHENTICATED');
  expect((await anonymous().post('/sessions/refresh', { refreshToken: judge.refreshToken })).body.code).toBe('REFRESH_TOKEN_INVALID');
});

test('forged, altered and missing tokens are refused with UNAUTHENTICATED', async () => {
  const judge = await signIn(server, 'judge-wang');
  const [header, payload, signature] = judge.token!.split('.');
  const altered = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
  const forged = await new SignJWT({ sid: 'anything' })
    .setProtectedHeader({ alg: 'HS256', typ: 'crosscourt-access+jwt' })
    .setIssuer('crosscourt')
    .setExpirationTime('10m')
    .sign(randomBytes(32));
  const { privateKey } = generateKeyPairSync('ed25519');
  const otherAlgorithm = await new SignJWT({ sid: 'anything' }).setProtectedHeader({ alg: 'EdDSA', typ: 'crosscourt-access+jwt' }).setIssuer('crosscourt').setExpirationTime('10m').sign(privateKey);
  for (const token of [altered, forged, otherAlgorithm, 'not-a-token']) {
    const response = await new ApiClient(server.url, token).get('/me');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  }
  const missing = await anonymous().get('/cases');
  expect(missing.status).toBe(401);
  expect(missing.body.detail).toMatch(/Authorization: Bearer/);
});

test('malformed sign-in bodies get INVALID_PAYLOAD naming the field, and nothing else happens', async () => {
  const notJson = await anonymous().call('POST', '/sessions', '{"username": "judge-wang", ', { 'content-type': 'application/json' });
  expect(notJson.status).toBe(400);
  expect(notJson.body).toMatchObject({ code: 'INVALID_PAYLOAD' });
  expect(notJson.body.detail).toMatch(/not valid JSON/);
  const missing = await anonymous().post('/sessions', { username: 'judge-wang' });
  expect(missing.body.code).toBe('INVALID_PAYLOAD');
  expect(missing.body.detail).toMatch(/body\.password/);
  const extra = await anonymous().post('/sessions', { username: 'judge-wang', password: 'x', admin: true });
  expect(extra.body.detail).toMatch(/admin/);
  const huge = await anonymous().call('POST', '/sessions', JSON.stringify({ username: 'judge-wang', password: 'x'.repeat(100_000) }));
  expect(huge.status).toBe(413);
  expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
});
