// Invitations over the real REST API of a running node: a link lets its one participant into its
// one case once, in its one role; revoked, used, expired, forged and altered links are refused
// without touching the ledger, and every refusal is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { signToken } from '../../../server/identity/sessionTokens.js';
import type { AuditEntry } from '../../../server/record/AuditLog.js';
import { startTestCourt } from '../../helpers/courtHarness.js';
import { ApiClient, createStaff, redeem, signIn, type ApiResponse } from '../../helpers/caseRecordClient.js';

const HOUR_MS = 3600_000;
const DAY_SECONDS = 24 * 3600;

let server: RunningCourtServer;
/** The server's clock; tests move it forward to let invitations expire. */
let clock = Date.now();
let judge: ApiClient;
/** The case most tests act in, and another case whose invitations and participants are strangers to it. */
let caseA: string;
let caseB: string;

beforeAll(async () => {
  server = await startTestCourt(
    {},
    {
      now: () => new Date(clock),
      policy: {
        signInPerAddress: { attempts: 1000, windowMs: 60_000 },
        // Sessions outlive the clock moves below, so only the invitations expire.
        sessions: { accessTtlSeconds: 30 * DAY_SECONDS, staffSessionSeconds: 30 * DAY_SECONDS, participantSessionSeconds: 30 * DAY_SECONDS },
      },
    },
  );
  await createStaff(server, 'judge-invites', 'judge', 'Judge Okafor');
  await createStaff(server, 'clerk-invites', 'clerk', 'Clerk Haddad');
  judge = await signIn(server, 'judge-invites');
  caseA = (await judge.ok(judge.post('/cases', { title: 'Okafor v. Lindqvist', languages: ['en', 'sv'], locale: 'en', timeZone: 'Africa/Lagos' }))).id;
  caseB = (await judge.ok(judge.post('/cases', { title: 'Another matter', languages: ['en'], locale: 'en', timeZone: 'Africa/Lagos' }))).id;
});

afterAll(async () => {
  await server?.close();
});

const anonymous = () => new ApiClient(server.url);

const PEOPLE = {
  claimant: { displayName: 'Chidi Okafor', locale: 'en-NG', timeZone: 'Africa/Lagos' },
  respondent: { displayName: 'Karin Lindqvist', locale: 'sv-SE', timeZone: 'Europe/Stockholm' },
  witness: { displayName: 'Emeka Obi', locale: 'en', timeZone: 'Africa/Lagos' },
  observer: { displayName: 'Gallery', locale: 'en', timeZone: 'Europe/London' },
} as const;

async function addParticipant(caseId: string, role: keyof typeof PEOPLE = 'witness'): Promise<string> {
  return (await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, ...PEOPLE[role] }))).id;
}

interface Issued {
  invitation: { id: string; participantId: string; status: string; expiresAt: string; createdAt: string };
  token: string;
  url: string;
}

async function invite(caseId: string, participantId: string, body: object = {}): Promise<Issued> {
  return judge.ok(judge.post(`/cases/${caseId}/participants/${participantId}/invitations`, body));
}

async function inviteNew(caseId = caseA, role: keyof typeof PEOPLE = 'witness'): Promise<Issued & { participantId: string }> {
  const participantId = await addParticipant(caseId, role);
  return { ...(await invite(caseId, participantId)), participantId };
}

const redeemRaw = (token: string): Promise<ApiResponse> => anonymous().post('/invitations/redeem', { token });

async function treeSize(caseId: string): Promise<number> {
  return (await judge.ok(judge.get(`/cases/${caseId}/ledger/tree-head`))).treeSize;
}

/** Refused redemptions: of a genuine link in its case's audit log, of a forgery in the court's. */
async function redemptionDenials(caseId: string): Promise<{ court: AuditEntry[]; case: AuditEntry[] }> {
  const denied = (lines: AuditEntry[]) => lines.filter((line) => line.action === 'invitation.redeem' && line.outcome === 'denied');
  return { court: denied(await server.court.audit.ofCourt()), case: denied(await server.court.audit.ofCase(caseId)) };
}

/**
 * Presents `token` and expects it refused with `code`: no session, nothing on the case's ledger,
 * and one more "denied" line in the audit log (the case's or the court's) naming the code.
 */
async function expectRefused(token: string, status: number, code: string, caseId = caseA): Promise<ApiResponse> {
  const [sizeBefore, before] = [await treeSize(caseId), await redemptionDenials(caseId)];
  const response = await redeemRaw(token);
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(response.body).not.toHaveProperty('accessToken');
  expect(response.body).not.toHaveProperty('refreshToken');
  expect(await treeSize(caseId)).toBe(sizeBefore);
  const after = await redemptionDenials(caseId);
  const grown = (['court', 'case'] as const).filter((scope) => after[scope].length > before[scope].length);
  expect(grown).toHaveLength(1);
  expect(after[grown[0]!]).toHaveLength(before[grown[0]!].length + 1);
  const line = after[grown[0]!].at(-1)!;
  expect(line).toMatchObject({ actor: 'anonymous', outcome: 'denied', code, via: 'rest' });
  expect(line.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  return response;
}

/** A JWT's parts, with its payload decoded. */
function jwtParts(token: string): { header: string; payload: Record<string, unknown>; signature: string } {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return { header, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), signature };
}

const withPayload = (token: string, change: Record<string, unknown>): string => {
  const { header, payload, signature } = jwtParts(token);
  return `${header}.${Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url')}.${signature}`;
};

test('an invitation link works once: used again it is refused with INVITATION_USED and starts no session', async () => {
  const { token, participantId, invitation } = await inviteNew();
  const before = await treeSize(caseA);
  const first = await redeemRaw(token);
  expect(first.status).toBe(201);
  expect(first.body.principal).toMatchObject({ kind: 'participant', participantId, caseId: caseA });
  expect(typeof first.body.accessToken).toBe('string');
  expect(await treeSize(caseA)).toBe(before + 1); // participant.joined

  await expectRefused(token, 410, 'INVITATION_USED');
  const { invitations } = await judge.ok(judge.get(`/cases/${caseA}/invitations`));
  expect(invitations.find((i: { id: string }) => i.id === invitation.id)).toMatchObject({ status: 'redeemed', redeemedAt: expect.any(String) });
});

test('two redemptions of one link racing: exactly one lets the participant in', async () => {
  for (let round = 0; round < 3; round++) {
    const { token, invitation } = await inviteNew();
    const before = await treeSize(caseA);
    const responses = await Promise.all([redeemRaw(token), redeemRaw(token), redeemRaw(token)]);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 410, 410]);
    for (const loser of responses.filter((r) => r.status !== 201)) {
      expect(loser.body.code).toBe('INVITATION_USED');
      expect(loser.body).not.toHaveProperty('accessToken');
    }
    expect(await treeSize(caseA)).toBe(before + 1);
    const { items } = await judge.ok(judge.get(`/cases/${caseA}/timeline`));
    const joined = items.filter((item: { type: string; payload: { invitationId?: string } }) => item.type === 'participant.joined' && item.payload.invitationId === invitation.id);
    expect(joined).toHaveLength(1);
  }
});

test('a revoked invitation is refused with INVITATION_REVOKED; a used one cannot be revoked; another case’s invitation is not found', async () => {
  const open = await inviteNew();
  const revoked = await judge.call('DELETE', `/cases/${caseA}/invitations/${open.invitation.id}`);
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ id: open.invitation.id, status: 'revoked', revokedAt: expect.any(String) });
  await expectRefused(open.token, 410, 'INVITATION_REVOKED');
  // Revoking twice is refused too: it is no longer open.
  const again = await judge.call('DELETE', `/cases/${caseA}/invitations/${open.invitation.id}`);
  expect({ status: again.status, code: again.body.code }).toEqual({ status: 410, code: 'INVITATION_REVOKED' });

  const used = await inviteNew();
  await redeem(server, used.token);
  const sizeBefore = await treeSize(caseA);
  const revokeUsed = await judge.call('DELETE', `/cases/${caseA}/invitations/${used.invitation.id}`);
  expect({ status: revokeUsed.status, code: revokeUsed.body.code }).toEqual({ status: 410, code: 'INVITATION_USED' });
  expect(await treeSize(caseA)).toBe(sizeBefore);

  const elsewhere = await inviteNew(caseB);
  for (const id of [elsewhere.invitation.id, randomUUID()]) {
    const notHere = await judge.call('DELETE', `/cases/${caseA}/invitations/${id}`);
    expect({ status: notHere.status, code: notHere.body.code }).toEqual({ status: 404, code: 'INVITATION_NOT_FOUND' });
  }
  // The other case's invitation is untouched and still lets its participant in.
  expect((await redeemRaw(elsewhere.token)).status).toBe(201);
});

test('an expired invitation is refused with INVITATION_EXPIRED; the list shows each invitation open, redeemed, revoked or expired', async () => {
  const open = await inviteNew();
  const redeemed = await inviteNew();
  await redeem(server, redeemed.token);
  const revoked = await inviteNew();
  await judge.ok(judge.call('DELETE', `/cases/${caseA}/invitations/${revoked.invitation.id}`));
  const shortParticipant = await addParticipant(caseA);
  const short = await invite(caseA, shortParticipant, { validForHours: 1 });
  expect(Date.parse(short.invitation.expiresAt) - Date.parse(short.invitation.createdAt)).toBe(HOUR_MS);

  clock += 2 * HOUR_MS;
  await expectRefused(short.token, 410, 'INVITATION_EXPIRED');

  const { invitations } = await judge.ok(judge.get(`/cases/${caseA}/invitations`));
  const statusOf = (id: string) => invitations.find((i: { id: string }) => i.id === id)?.status;
  expect({
    open: statusOf(open.invitation.id),
    redeemed: statusOf(redeemed.invitation.id),
    revoked: statusOf(revoked.invitation.id),
    expired: statusOf(short.invitation.id),
  }).toEqual({ open: 'open', redeemed: 'redeemed', revoked: 'revoked', expired: 'expired' });
  // An expired invitation cannot be revoked either; the open one still works.
  const revokeExpired = await judge.call('DELETE', `/cases/${caseA}/invitations/${short.invitation.id}`);
  expect({ status: revokeExpired.status, code: revokeExpired.body.code }).toEqual({ status: 410, code: 'INVITATION_EXPIRED' });
  expect((await redeemRaw(open.token)).status).toBe(201);
});

test('forged or altered invitation tokens are refused with INVITATION_INVALID, and the genuine link still works', async () => {
  const genuine = await inviteNew(caseA, 'witness');
  const claims = jwtParts(genuine.token).payload as { jti: string; case: string; sub: string; role: string };
  expect(claims).toMatchObject({ jti: genuine.invitation.id, case: caseA, sub: genuine.participantId, role: 'witness' });
  const otherKey = await new SignJWT({ jti: claims.jti, case: claims.case, sub: claims.sub, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'crosscourt-invitation+jwt' })
    .setIssuer('crosscourt')
    .setIssuedAt(Math.floor(clock / 1000))
    .setExpirationTime(Math.floor(clock / 1000) + 3600)
    .sign(randomBytes(32));
  const staffSession = judge.token!;
  const forgeries = {
    'role edited, old signature': withPayload(genuine.token, { role: 'claimant' }),
    'case edited, old signature': withPayload(genuine.token, { case: caseB }),
    'signed with another key': otherKey,
    garbage: 'not-a-token',
    'three dots of nothing': 'a.b.c',
    'an access token': staffSession,
  };
  for (const [what, token] of Object.entries(forgeries)) {
    const response = await expectRefused(token, 401, 'INVITATION_INVALID');
    expect({ what, detail: response.body.detail }).toEqual({ what, detail: expect.stringMatching(/not valid/) });
  }
  // Signed with the court's own key but naming a role or invitation the record does not hold:
  // the record, not only the signature, decides.
  const now = new Date(clock);
  const later = new Date(clock + HOUR_MS);
  const key = server.court.secrets.tokenKey;
  const wrongRole = await signToken(key, 'crosscourt-invitation+jwt', { ...claims, role: 'claimant' }, now, later);
  const unknown = await signToken(key, 'crosscourt-invitation+jwt', { ...claims, jti: randomUUID() }, now, later);
  for (const token of [wrongRole, unknown]) await expectRefused(token, 401, 'INVITATION_INVALID');

  const joined = await redeemRaw(genuine.token);
  expect(joined.status).toBe(201);
  expect(joined.body.principal).toMatchObject({ participantId: genuine.participantId, caseId: caseA });
});

test('an invitation token is not an access token: as a bearer it is refused with UNAUTHENTICATED and stays open', async () => {
  const { token, invitation } = await inviteNew();
  for (const path of ['/me', `/cases/${caseA}`]) {
    const response = await new ApiClient(server.url, token).get(path);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  }
  const { invitations } = await judge.ok(judge.get(`/cases/${caseA}/invitations`));
  expect(invitations.find((i: { id: string }) => i.id === invitation.id)?.status).toBe('open');
});

test('the session an invitation starts is bound to its one case and role', async () => {
  const { token, participantId } = await inviteNew(caseA, 'respondent');
  const respondent = await redeem(server, token);
  const me = await respondent.ok(respondent.get('/me'));
  expect(me).toMatchObject({ kind: 'participant', participantId, caseId: caseA, displayName: PEOPLE.respondent.displayName });
  expect(me).not.toHaveProperty('staffRole');
  expect(me.cases).toHaveLength(1);
  expect(me.cases[0]).toMatchObject({ case: { id: caseA }, you: { id: participantId, role: 'respondent', side: 'respondent' } });

  expect((await respondent.ok(respondent.get(`/cases/${caseA}`))).you).toMatchObject({ id: participantId, role: 'respondent' });
  const other = await respondent.get(`/cases/${caseB}`);
  expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'NOT_A_CASE_PARTICIPANT' });
  // A party's role does not let it invite or revoke.
  const inviting = await respondent.post(`/cases/${caseA}/participants/${participantId}/invitations`, {});
  expect({ status: inviting.status, code: inviting.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
});

test('a removed participant cannot be invited, and an invitation issued before the removal no longer lets them in', async () => {
  const issued = await inviteNew(caseA, 'claimant');
  await judge.ok(judge.call('DELETE', `/cases/${caseA}/participants/${issued.participantId}`));
  const sizeBefore = await treeSize(caseA);
  const again = await judge.post(`/cases/${caseA}/participants/${issued.participantId}/invitations`, {});
  expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'PARTICIPANT_NOT_FOUND' });
  expect(again.body.detail).toMatch(/removed/);
  expect(await treeSize(caseA)).toBe(sizeBefore);
  await expectRefused(issued.token, 410, 'INVITATION_REVOKED');
});

test('court staff are not invited: they sign in with their account', async () => {
  const judgeParticipant = (await judge.ok(judge.get(`/cases/${caseA}`))).you.id;
  const clerkParticipant = (await judge.ok(judge.post(`/cases/${caseA}/participants`, { role: 'clerk', displayName: 'Clerk Haddad', locale: 'en', timeZone: 'Africa/Lagos', username: 'clerk-invites' }))).id;
  const sizeBefore = await treeSize(caseA);
  for (const participantId of [judgeParticipant, clerkParticipant]) {
    const response = await judge.post(`/cases/${caseA}/participants/${participantId}/invitations`, {});
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    expect(response.body.detail).toMatch(/account/);
  }
  // Nor is another case's participant invited through this case.
  const stranger = await addParticipant(caseB);
  const elsewhere = await judge.post(`/cases/${caseA}/participants/${stranger}/invitations`, {});
  expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 404, code: 'PARTICIPANT_NOT_FOUND' });
  expect(await treeSize(caseA)).toBe(sizeBefore);
});

test('an invitation is valid for 1 to 720 hours', async () => {
  const participantId = await addParticipant(caseA);
  for (const validForHours of [0, 721, 1.5, '24']) {
    const response = await judge.post(`/cases/${caseA}/participants/${participantId}/invitations`, { validForHours });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    expect(response.body.detail).toMatch(/body\.validForHours/);
  }
  const standard = await invite(caseA, participantId);
  expect(Date.parse(standard.invitation.expiresAt) - Date.parse(standard.invitation.createdAt)).toBe(7 * 24 * HOUR_MS);
});

test('a redemption that lets someone in is on the timeline and in the case’s audit log', async () => {
  const { token, participantId, invitation } = await inviteNew(caseA, 'observer');
  await redeem(server, token);
  const { items } = await judge.ok(judge.get(`/cases/${caseA}/timeline`));
  expect(items.at(-1)).toMatchObject({ type: 'participant.joined', actor: `participant:${participantId}`, actorName: PEOPLE.observer.displayName, payload: { participantId, invitationId: invitation.id } });
  const { lines } = await judge.ok(judge.get(`/cases/${caseA}/audit`));
  expect(lines).toContainEqual(
    expect.objectContaining({ action: 'invitation.redeem', outcome: 'allowed', actor: `participant:${participantId}`, role: 'observer', target: invitation.id, via: 'rest' }),
  );
});

test('the invitation link opens the court app at /court.html#/invitation/<token>, on PUBLIC_URL when it is set', async () => {
  const { token, url } = await inviteNew();
  expect(url).toBe(`${server.url}/court.html#/invitation/${token}`);

  const behindProxy = await startTestCourt({ PUBLIC_URL: 'https://court.example.org' }, { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } });
  try {
    await createStaff(behindProxy, 'judge-public', 'judge');
    const publicJudge = await signIn(behindProxy, 'judge-public');
    const caseId = (await publicJudge.ok(publicJudge.post('/cases', { title: 'Behind a proxy', languages: ['en'], locale: 'en', timeZone: 'UTC' }))).id;
    const witness = await publicJudge.ok(publicJudge.post(`/cases/${caseId}/participants`, { role: 'witness', ...PEOPLE.witness }));
    const issued = await publicJudge.ok(publicJudge.post(`/cases/${caseId}/participants/${witness.id}/invitations`, {}));
    expect(issued.url).toBe(`https://court.example.org/court.html#/invitation/${issued.token}`);
    // The token in the link is the one that lets the participant in.
    const fromLink = new URL(issued.url).hash.replace('#/invitation/', '');
    expect((await redeem(behindProxy, fromLink)).token).toEqual(expect.any(String));
  } finally {
    await behindProxy.close();
  }
});
