// Cases over the real REST API of a running node: who opens them and presides, what a case body
// must say, how a dispute moves through its stages, who may be added in which role, removal,
// editing, and the timeline and audit log that record every change.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { startTestCourt } from '../../helpers/courtHarness.js';
import { ApiClient, createStaff, redeem, signIn, type ApiResponse } from '../../helpers/caseRecordClient.js';

const USER_AGENT = 'CrossCourtTest/1.0 (cases)';

/** A client that names itself, so the audit log's userAgent can be checked. */
class NamedClient extends ApiClient {
  override call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return super.call<T>(method, path, body, { 'user-agent': USER_AGENT, ...headers });
  }
}

let server: RunningCourtServer;
let judge: ApiClient;
let judgeAccount: string;

beforeAll(async () => {
  server = await startTestCourt({}, { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } });
  await createStaff(server, 'judge-cases', 'judge', 'Judge Moreau');
  await createStaff(server, 'clerk-cases', 'clerk', 'Clerk Tanaka');
  await createStaff(server, 'mediator-cases', 'mediator', 'Mediator Osei');
  const signedIn = await signIn(server, 'judge-cases');
  judge = new NamedClient(server.url, signedIn.token);
  judgeAccount = (await judge.ok(judge.get('/me'))).accountId;
});

afterAll(async () => {
  await server?.close();
});

const CASE_BODY = { title: 'Moreau Textiles v. Tanaka Shipping', languages: ['fr', 'ja', 'en'], locale: 'fr-FR', timeZone: 'Europe/Paris' };

async function openCase(body: object = {}): Promise<string> {
  return (await judge.ok(judge.post('/cases', { ...CASE_BODY, ...body }))).id;
}

async function timeline(caseId: string, client: ApiClient = judge): Promise<Array<{ seq: number; type: string; at: string; actor: string; actorName: string; payload: any }>> {
  return (await client.ok(client.get(`/cases/${caseId}/timeline`))).items;
}

async function participants(caseId: string): Promise<any[]> {
  return (await judge.ok(judge.get(`/cases/${caseId}/participants`))).participants;
}

async function caseCount(): Promise<number> {
  return (await judge.ok(judge.get('/cases'))).cases.length;
}

/** Adds a participant and lets them in through an invitation; returns their client and id. */
async function admit(caseId: string, role: string, details: object): Promise<{ client: ApiClient; id: string }> {
  const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, ...details }));
  const invitation = await judge.ok(judge.post(`/cases/${caseId}/participants/${added.id}/invitations`, {}));
  return { client: await redeem(server, invitation.token), id: added.id };
}

const refusal = (response: ApiResponse) => ({ status: response.status, code: response.body?.code });

test('a judge who opens a case presides over it, in its languages and in negotiation, and the timeline starts with case.created', async () => {
  const created = await judge.post('/cases', CASE_BODY);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ title: CASE_BODY.title, languages: ['fr', 'ja', 'en'], stage: 'negotiation', createdBy: `account:${judgeAccount}` });
  const caseId = created.body.id;

  const view = await judge.ok(judge.get(`/cases/${caseId}`));
  expect(view.case).toEqual(created.body);
  expect(view.you).toMatchObject({ caseId, role: 'judge', displayName: 'Judge Moreau', accountId: judgeAccount, locale: 'fr-FR', timeZone: 'Europe/Paris' });
  expect(view.you).not.toHaveProperty('removedAt');

  const [first, ...rest] = await timeline(caseId);
  expect(rest).toEqual([]);
  expect(first).toMatchObject({
    seq: 0,
    type: 'case.created',
    actor: `account:${judgeAccount}`,
    actorName: 'Judge Moreau',
    payload: { caseId, title: CASE_BODY.title, languages: ['fr', 'ja', 'en'], stage: 'negotiation', presiding: { participantId: view.you.id, role: 'judge' } },
  });
  const { cases } = await judge.ok(judge.get('/cases'));
  expect(cases.map((c: { case: { id: string } }) => c.case.id)).toContain(caseId);
});

test('only court staff open cases: a participant is refused with FORBIDDEN and nothing is opened', async () => {
  const caseId = await openCase();
  const { client: claimant } = await admit(caseId, 'claimant', { displayName: 'Hélène Moreau', locale: 'fr', timeZone: 'Europe/Paris' });
  const before = await caseCount();
  const refused = await claimant.post('/cases', CASE_BODY);
  expect(refusal(refused)).toEqual({ status: 403, code: 'FORBIDDEN' });
  expect(refused.body.detail).toMatch(/staff/);
  expect(await caseCount()).toBe(before);
  expect((await claimant.ok(claimant.get('/me'))).cases).toHaveLength(1);
});

test('a case body that breaks a rule is refused with INVALID_PAYLOAD naming the field, and no case is opened', async () => {
  const before = await caseCount();
  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown time zone', { ...CASE_BODY, timeZone: 'Mars/Olympus' }, /body\.timeZone: a time zone is an IANA name/],
    ['language that is not a tag', { ...CASE_BODY, languages: ['fr', 'not a tag!!'] }, /body\.languages\.1: a language is a BCP 47 tag/],
    ['locale that is not a tag', { ...CASE_BODY, locale: 'not a tag!!' }, /body\.locale/],
    ['no languages', { ...CASE_BODY, languages: [] }, /body\.languages: name at least one language/],
    ['empty title', { ...CASE_BODY, title: '' }, /body\.title: a title is required/],
    ['blank title', { ...CASE_BODY, title: '   ' }, /body\.title: a title is required/],
    ['title over 200 characters', { ...CASE_BODY, title: 'x'.repeat(201) }, /body\.title: a title is at most 200 characters/],
    ['missing title', { languages: CASE_BODY.languages, locale: 'fr', timeZone: 'Europe/Paris' }, /body\.title/],
    ['unknown stage', { ...CASE_BODY, stage: 'appeal' }, /body\.stage/],
    ['extra field', { ...CASE_BODY, presidingJudge: 'someone else' }, /presidingJudge/],
    ['malformed JSON', '{"title": "Moreau", "languages": [', /not valid JSON/],
  ];
  for (const [what, body, detail] of bad) {
    const response = await judge.call('POST', '/cases', body);
    expect({ what, ...refusal(response) }).toEqual({ what, status: 400, code: 'INVALID_PAYLOAD' });
    expect({ what, detail: response.body.detail }).toEqual({ what, detail: expect.stringMatching(detail) });
  }
  expect(await caseCount()).toBe(before);
  // A title of exactly 200 characters is fine.
  expect((await judge.post('/cases', { ...CASE_BODY, title: 'y'.repeat(200) })).status).toBe(201);
});

test('a dispute moves forward: negotiation → mediation → arbitration, each move on the timeline', async () => {
  const caseId = await openCase();
  const toMediation = await judge.post(`/cases/${caseId}/stage`, { stage: 'mediation' });
  expect(toMediation.status).toBe(200);
  expect(toMediation.body.stage).toBe('mediation');
  expect((await judge.ok(judge.post(`/cases/${caseId}/stage`, { stage: 'arbitration' }))).stage).toBe('arbitration');
  expect((await judge.ok(judge.get(`/cases/${caseId}`))).case.stage).toBe('arbitration');
  const moves = (await timeline(caseId)).filter((item) => item.type === 'case.stageChanged');
  expect(moves.map((m) => m.payload)).toEqual([
    { from: 'negotiation', to: 'mediation' },
    { from: 'mediation', to: 'arbitration' },
  ]);
  expect(moves.every((m) => m.actorName === 'Judge Moreau')).toBe(true);
});

test('a dispute does not move backwards, stand still or leave a final stage: STAGE_TRANSITION_NOT_ALLOWED names the way on', async () => {
  const caseId = await openCase({ stage: 'mediation' });
  const entries = (await timeline(caseId)).length;
  const back = await judge.post(`/cases/${caseId}/stage`, { stage: 'negotiation' });
  expect(refusal(back)).toEqual({ status: 409, code: 'STAGE_TRANSITION_NOT_ALLOWED' });
  expect(back.body.detail).toMatch(/mediation cannot move to negotiation; it can move to arbitration or trial/);
  const still = await judge.post(`/cases/${caseId}/stage`, { stage: 'mediation' });
  expect(refusal(still)).toEqual({ status: 409, code: 'STAGE_TRANSITION_NOT_ALLOWED' });
  expect((await judge.ok(judge.get(`/cases/${caseId}`))).case.stage).toBe('mediation');

  await judge.ok(judge.post(`/cases/${caseId}/stage`, { stage: 'trial' }));
  for (const stage of ['arbitration', 'mediation', 'negotiation']) {
    const out = await judge.post(`/cases/${caseId}/stage`, { stage });
    expect(refusal(out)).toEqual({ status: 409, code: 'STAGE_TRANSITION_NOT_ALLOWED' });
    expect(out.body.detail).toMatch(/trial is a final stage/);
  }
  expect((await judge.ok(judge.get(`/cases/${caseId}`))).case.stage).toBe('trial');
  expect(await timeline(caseId)).toHaveLength(entries + 1);
  const unknown = await judge.post(`/cases/${caseId}/stage`, { stage: 'appeal' });
  expect(refusal(unknown)).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
});

test('a participant is added only with what their role requires', async () => {
  const caseId = await openCase();
  await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'clerk', displayName: 'Clerk Tanaka', locale: 'ja', timeZone: 'Asia/Tokyo', username: 'clerk-cases' }));
  const before = await participants(caseId);
  const entries = (await timeline(caseId)).length;
  const person = { displayName: 'Someone', locale: 'en', timeZone: 'Europe/London' };
  const bad: Array<[string, object, number, string, RegExp]> = [
    ['counsel without side', { role: 'counsel', ...person }, 400, 'INVALID_PAYLOAD', /side/],
    ['interpreter without languagePair', { role: 'interpreter', ...person }, 400, 'INVALID_PAYLOAD', /languagePair/],
    ['claimant on the respondent side', { role: 'claimant', side: 'respondent', ...person }, 400, 'INVALID_PAYLOAD', /claimant side/],
    ['witness with a languagePair', { role: 'witness', languagePair: { from: 'fr', to: 'en' }, ...person }, 400, 'INVALID_PAYLOAD', /only an interpreter/],
    ['party by user name', { role: 'respondent', username: 'clerk-cases', ...person }, 400, 'INVALID_PAYLOAD', /invited by link/],
    ['staff without user name', { role: 'arbitrator', ...person }, 400, 'INVALID_PAYLOAD', /username/],
    ['staff by unknown user name', { role: 'arbitrator', username: 'nobody-at-all', ...person }, 404, 'ACCOUNT_NOT_FOUND', /nobody-at-all/],
    ['staff whose account has another role', { role: 'clerk', username: 'mediator-cases', ...person }, 400, 'INVALID_PAYLOAD', /mediator-cases is a mediator, not a clerk/],
    ['the same staff twice', { role: 'clerk', username: 'clerk-cases', ...person }, 409, 'ALREADY_A_PARTICIPANT', /clerk-cases already takes part/],
    ['the presiding judge again', { role: 'judge', username: 'judge-cases', ...person }, 409, 'ALREADY_A_PARTICIPANT', /judge-cases/],
    ['bad time zone', { role: 'witness', ...person, timeZone: 'Mars/Olympus' }, 400, 'INVALID_PAYLOAD', /body\.timeZone/],
    ['unknown role', { role: 'bailiff', ...person }, 400, 'INVALID_PAYLOAD', /body\.role/],
  ];
  for (const [what, body, status, code, detail] of bad) {
    const response = await judge.post(`/cases/${caseId}/participants`, body);
    expect({ what, ...refusal(response), detail: response.body.detail }).toEqual({ what, status, code, detail: expect.stringMatching(detail) });
  }
  expect(await participants(caseId)).toEqual(before);
  expect(await timeline(caseId)).toHaveLength(entries);
});

test('an interpreter keeps their language pair, locale and time zone; parties and counsel their side', async () => {
  const caseId = await openCase();
  const interpreter = { role: 'interpreter', displayName: 'Yuki Sato', locale: 'ja-JP', timeZone: 'Asia/Tokyo', languagePair: { from: 'ja', to: 'fr' } };
  const added = await judge.post(`/cases/${caseId}/participants`, interpreter);
  expect(added.status).toBe(201);
  const counsel = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'counsel', side: 'respondent', displayName: 'Me Dubois', locale: 'fr', timeZone: 'Europe/Paris' }));
  const claimant = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'claimant', displayName: 'Moreau SA', locale: 'fr', timeZone: 'America/Martinique' }));
  const listed = await participants(caseId);
  expect(listed.find((p) => p.id === added.body.id)).toMatchObject({ ...interpreter, caseId, addedBy: `account:${judgeAccount}` });
  expect(listed.find((p) => p.id === counsel.id)).toMatchObject({ role: 'counsel', side: 'respondent' });
  expect(listed.find((p) => p.id === claimant.id)).toMatchObject({ role: 'claimant', side: 'claimant', timeZone: 'America/Martinique' });
  const entry = (await timeline(caseId)).find((item) => item.type === 'participant.added' && item.payload.participantId === added.body.id);
  expect(entry?.payload).toMatchObject({ role: 'interpreter', languagePair: { from: 'ja', to: 'fr' }, locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
});

test('a removed participant stays on the list marked removedAt, the removal is on the timeline, and staff cannot remove themselves', async () => {
  const caseId = await openCase();
  const witness = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'witness', displayName: 'Paul Girard', locale: 'fr', timeZone: 'Europe/Paris' }));
  const removed = await judge.call('DELETE', `/cases/${caseId}/participants/${witness.id}`);
  expect(removed.status).toBe(200);
  expect(removed.body).toMatchObject({ id: witness.id, removedAt: expect.any(String) });
  expect((await participants(caseId)).find((p) => p.id === witness.id)).toMatchObject({ role: 'witness', removedAt: removed.body.removedAt });
  expect((await timeline(caseId)).at(-1)).toMatchObject({
    type: 'participant.removed',
    actorName: 'Judge Moreau',
    payload: { participantId: witness.id, role: 'witness', displayName: 'Paul Girard' },
  });

  const entries = (await timeline(caseId)).length;
  const self = (await judge.ok(judge.get(`/cases/${caseId}`))).you.id;
  const selfRemoval = await judge.call('DELETE', `/cases/${caseId}/participants/${self}`);
  expect(refusal(selfRemoval)).toEqual({ status: 403, code: 'FORBIDDEN' });
  expect(selfRemoval.body.detail).toMatch(/yourself/);
  expect((await judge.ok(judge.get(`/cases/${caseId}`))).you).not.toHaveProperty('removedAt');
  expect(await timeline(caseId)).toHaveLength(entries);
});

test('a participant is removed once: removing them again is refused and keeps the first removal', async () => {
  const caseId = await openCase();
  const witness = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'witness', displayName: 'Luc Martin', locale: 'fr', timeZone: 'Europe/Paris' }));
  const first = await judge.ok(judge.call('DELETE', `/cases/${caseId}/participants/${witness.id}`));
  const entries = (await timeline(caseId)).length;
  await new Promise((r) => setTimeout(r, 5)); // a second removal would carry a later time
  const again = await judge.call('DELETE', `/cases/${caseId}/participants/${witness.id}`);
  expect(again.status).toBeGreaterThanOrEqual(400);
  expect(again.status).toBeLessThan(500);
  expect((await participants(caseId)).find((p) => p.id === witness.id)?.removedAt).toBe(first.removedAt);
  expect(await timeline(caseId)).toHaveLength(entries);
});

test('a case’s title is changed by PATCH, on the timeline as case.updated; an empty change is refused', async () => {
  const caseId = await openCase();
  const patched = await judge.call('PATCH', `/cases/${caseId}`, { title: 'Moreau Textiles SA v. Tanaka Shipping KK' });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ id: caseId, title: 'Moreau Textiles SA v. Tanaka Shipping KK', languages: CASE_BODY.languages, stage: 'negotiation' });
  expect((await judge.ok(judge.get(`/cases/${caseId}`))).case.title).toBe('Moreau Textiles SA v. Tanaka Shipping KK');
  expect((await timeline(caseId)).at(-1)).toMatchObject({ type: 'case.updated', actorName: 'Judge Moreau', payload: { title: 'Moreau Textiles SA v. Tanaka Shipping KK' } });

  const entries = (await timeline(caseId)).length;
  const bad: Array<[object, RegExp]> = [
    [{}, /change at least one of title, languages/],
    [{ title: '' }, /body\.title: a title is required/],
    [{ languages: [] }, /body\.languages/],
    [{ stage: 'trial' }, /stage/],
  ];
  for (const [body, detail] of bad) {
    const response = await judge.call('PATCH', `/cases/${caseId}`, body);
    expect({ body, ...refusal(response) }).toEqual({ body, status: 400, code: 'INVALID_PAYLOAD' });
    expect(response.body.detail).toMatch(detail);
  }
  expect(await timeline(caseId)).toHaveLength(entries);
  expect((await judge.ok(judge.get(`/cases/${caseId}`))).case).toMatchObject({ title: 'Moreau Textiles SA v. Tanaka Shipping KK', stage: 'negotiation' });
});

test('the timeline lists what happened in order, naming each actor', async () => {
  const caseId = await openCase();
  const clerkId = (await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'clerk', displayName: 'Clerk Tanaka', locale: 'ja', timeZone: 'Asia/Tokyo', username: 'clerk-cases' }))).id;
  const clerk = await signIn(server, 'clerk-cases');
  await clerk.ok(clerk.call('PATCH', `/cases/${caseId}`, { languages: ['fr', 'en'] }));
  const witness = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'witness', displayName: 'Amélie Roux', locale: 'fr', timeZone: 'Europe/Paris' }));
  const invitation = await clerk.ok(clerk.post(`/cases/${caseId}/participants/${witness.id}/invitations`, {}));
  const witnessClient = await redeem(server, invitation.token);
  await judge.ok(judge.post(`/cases/${caseId}/stage`, { stage: 'mediation' }));

  const items = await timeline(caseId, witnessClient);
  expect(items.map((i) => [i.type, i.actorName])).toEqual([
    ['case.created', 'Judge Moreau'],
    ['participant.added', 'Judge Moreau'],
    ['case.updated', 'Clerk Tanaka'],
    ['participant.added', 'Judge Moreau'],
    ['invitation.issued', 'Clerk Tanaka'],
    ['participant.joined', 'Amélie Roux'],
    ['case.stageChanged', 'Judge Moreau'],
  ]);
  expect(items.map((i) => i.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(items[2]!.actor).toMatch(/^account:/);
  expect(items[5]!.actor).toBe(`participant:${witness.id}`);
  expect(items[1]!.payload).toMatchObject({ participantId: clerkId, role: 'clerk' });
  const times = items.map((i) => Date.parse(i.at));
  expect(times).toEqual([...times].sort((x, y) => x - y));
});

test('the audit log has an allowed line for each change: who, in what role, did what, from where', async () => {
  const created = await judge.ok(judge.post('/cases', CASE_BODY));
  const caseId = created.id;
  const witness = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'witness', displayName: 'Inès Blanc', locale: 'fr', timeZone: 'Europe/Paris' }));
  await judge.ok(judge.call('PATCH', `/cases/${caseId}`, { title: 'Renamed' }));
  await judge.ok(judge.post(`/cases/${caseId}/stage`, { stage: 'mediation' }));
  const issued = await judge.ok(judge.post(`/cases/${caseId}/participants/${witness.id}/invitations`, {}));
  await judge.ok(judge.call('DELETE', `/cases/${caseId}/invitations/${issued.invitation.id}`));
  const observer = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'observer', displayName: 'Gallery', locale: 'en', timeZone: 'UTC' }));
  await judge.ok(judge.call('DELETE', `/cases/${caseId}/participants/${observer.id}`));

  const { lines } = await judge.ok(judge.get(`/cases/${caseId}/audit`));
  const changes: Array<[string, string | undefined]> = [
    ['case.create', undefined],
    ['participant.add', witness.id],
    ['case.edit', undefined],
    ['case.changeStage', undefined],
    ['invitation.create', issued.invitation.id],
    ['invitation.revoke', issued.invitation.id],
    ['participant.add', observer.id],
    ['participant.remove', observer.id],
  ];
  for (const [action, target] of changes) {
    const line = lines.find((l: any) => l.action === action && l.outcome === 'allowed' && (target === undefined || l.target === target));
    expect({ action, line }).toEqual({
      action,
      line: expect.objectContaining({ actor: `account:${judgeAccount}`, role: 'judge', caseId, via: 'rest', userAgent: USER_AGENT, ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/), at: expect.any(String) }),
    });
  }
  expect(lines.every((l: any) => l.caseId === caseId)).toBe(true);
});

test('only court staff read the audit log: a witness is refused with FORBIDDEN, and the refusal is itself audited', async () => {
  const caseId = await openCase();
  const { client: witness, id } = await admit(caseId, 'witness', { displayName: 'Hugo Petit', locale: 'fr', timeZone: 'Europe/Paris' });
  const refused = await witness.get(`/cases/${caseId}/audit`);
  expect(refusal(refused)).toEqual({ status: 403, code: 'FORBIDDEN' });
  expect(refused.body).not.toHaveProperty('lines');
  const { lines } = await judge.ok(judge.get(`/cases/${caseId}/audit`));
  expect(lines).toContainEqual(expect.objectContaining({ actor: `participant:${id}`, role: 'witness', action: 'audit.view', outcome: 'denied', code: 'FORBIDDEN' }));
});

// The audit log keeps "one line for every permission-relevant action, allowed or denied"
// (server/record/AuditLog.ts); these refusals are decided after CaseAccess has said yes.
test('a participant’s refused attempt to open a case is audited as denied in the court scope', async () => {
  const caseId = await openCase();
  const { client: respondent, id } = await admit(caseId, 'respondent', { displayName: 'Kenji Tanaka', locale: 'ja', timeZone: 'Asia/Tokyo' });
  expect(refusal(await respondent.post('/cases', CASE_BODY))).toEqual({ status: 403, code: 'FORBIDDEN' });
  expect(await server.court.audit.ofCourt()).toContainEqual(expect.objectContaining({ actor: `participant:${id}`, action: 'case.create', outcome: 'denied', code: 'FORBIDDEN', via: 'rest' }));
});

test('a member of staff’s refused attempt to remove themselves is audited as denied in the case', async () => {
  const caseId = await openCase();
  const self = (await judge.ok(judge.get(`/cases/${caseId}`))).you.id;
  expect(refusal(await judge.call('DELETE', `/cases/${caseId}/participants/${self}`))).toEqual({ status: 403, code: 'FORBIDDEN' });
  const { lines } = await judge.ok(judge.get(`/cases/${caseId}/audit`));
  expect(lines).toContainEqual(expect.objectContaining({ actor: `account:${judgeAccount}`, role: 'judge', action: 'participant.remove', target: self, outcome: 'denied', code: 'FORBIDDEN', via: 'rest' }));
});
