// Participants set their own working hours over the real REST API: in their own zone, shown on
// the case, refused for someone else's (unless court staff) and for bodies that say nothing
// sensible, on the audit log but not the ledger, and followed by the hearing slots proposed.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { ApiClient, createStaff, redeem, signIn } from '../../helpers/caseRecordClient.js';
import { startTestCourt } from '../../helpers/courtHarness.js';

let server: RunningCourtServer;
let judge: ApiClient;
let clerk: ApiClient;

const EVENINGS = { days: [2, 3, 4, 5, 6], start: '14:00', end: '22:00' };
const DEFAULT_WEEK = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

beforeAll(async () => {
  server = await startTestCourt();
  await createStaff(server, 'judge-hours', 'judge', 'Judge Okafor');
  await createStaff(server, 'clerk-hours', 'clerk', 'Clerk Reyes');
  judge = await signIn(server, 'judge-hours');
  clerk = await signIn(server, 'clerk-hours');
});

afterAll(async () => {
  await server?.close();
});

interface Person {
  id: string;
  client: ApiClient;
}

async function openCase(title: string): Promise<string> {
  return (await judge.ok(judge.post('/cases', { title, languages: ['en', 'pt', 'zh'], locale: 'en-GB', timeZone: 'Europe/London' }))).id;
}

async function invite(caseId: string, role: string, displayName: string, timeZone: string): Promise<Person> {
  const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, displayName, locale: 'en', timeZone }));
  const { token } = await judge.ok(judge.post(`/cases/${caseId}/participants/${added.id}/invitations`, {}));
  return { id: added.id, client: await redeem(server, token) };
}

const put = (client: ApiClient, caseId: string, participantId: string, body: unknown) => client.call('PUT', `/cases/${caseId}/participants/${participantId}/working-hours`, body);

async function hoursInList(caseId: string, participantId: string): Promise<unknown> {
  const { participants } = await judge.ok(judge.get(`/cases/${caseId}/participants`));
  return participants.find((p: { id: string }) => p.id === participantId).workingHours;
}

describe('in a case with parties in São Paulo and Shanghai', () => {
  let caseId: string;
  let claimant: Person;
  let respondent: Person;
  let observer: Person;

  beforeAll(async () => {
    caseId = await openCase('Silva v. Zhang (working hours)');
    claimant = await invite(caseId, 'claimant', 'Ana Silva', 'America/Sao_Paulo');
    respondent = await invite(caseId, 'respondent', 'Zhang Wei', 'Asia/Shanghai');
    observer = await invite(caseId, 'observer', 'Press gallery', 'Europe/London');
  });

  test('until they say otherwise everyone works Monday–Friday 09:00–17:00', async () => {
    expect(await hoursInList(caseId, respondent.id)).toEqual(DEFAULT_WEEK);
    expect((await respondent.client.ok(respondent.client.get(`/cases/${caseId}`))).you.workingHours).toEqual(DEFAULT_WEEK);
  });

  test('a participant sets their own hours and sees them on the case; the court sees them in the participant list', async () => {
    const answer = await put(claimant.client, caseId, claimant.id, EVENINGS);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: claimant.id, timeZone: 'America/Sao_Paulo', workingHours: EVENINGS });
    expect((await claimant.client.ok(claimant.client.get(`/cases/${caseId}`))).you.workingHours).toEqual(EVENINGS);
    expect(await hoursInList(caseId, claimant.id)).toEqual(EVENINGS);
  });

  test('a day with other hours is kept with the rest of the week', async () => {
    const shortSaturday = { ...EVENINGS, byDay: [{ day: 6, start: '10:00', end: '14:00' }] };
    expect((await put(claimant.client, caseId, claimant.id, shortSaturday)).body.workingHours).toEqual(shortSaturday);
    await claimant.client.ok(put(claimant.client, caseId, claimant.id, EVENINGS));
    expect(await hoursInList(caseId, claimant.id)).toEqual(EVENINGS);
  });

  test("a party may not set the other party's hours: 403 NOT_YOUR_WORKING_HOURS, nothing changes, and the refusal is audited", async () => {
    const refused = await put(claimant.client, caseId, respondent.id, { days: [6, 7], start: '03:00', end: '04:00' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'NOT_YOUR_WORKING_HOURS' });
    expect(refused.body.detail).toMatch(/only your own working hours/);
    expect(await hoursInList(caseId, respondent.id)).toEqual(DEFAULT_WEEK);
    const { lines } = await judge.ok(judge.get(`/cases/${caseId}/audit`));
    expect(lines).toContainEqual(
      expect.objectContaining({ action: 'participant.setWorkingHours', actor: `participant:${claimant.id}`, target: respondent.id, outcome: 'denied', code: 'NOT_YOUR_WORKING_HOURS', via: 'rest' }),
    );
  });

  test("the public gallery has no working hours to set: an observer is refused 403 FORBIDDEN, even for their own", async () => {
    const refused = await put(observer.client, caseId, observer.id, DEFAULT_WEEK);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  test("court staff set anyone's: the clerk sets the respondent's", async () => {
    await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'clerk', displayName: 'Clerk Reyes', locale: 'en', timeZone: 'Europe/London', username: 'clerk-hours' }));
    const mornings = { days: [1, 2, 3, 4, 5], start: '07:30', end: '12:00' };
    expect((await put(clerk, caseId, respondent.id, mornings)).body).toMatchObject({ id: respondent.id, workingHours: mornings });
    expect((await respondent.client.ok(respondent.client.get(`/cases/${caseId}`))).you.workingHours).toEqual(mornings);
  });

  test.each<[string, unknown, string]>([
    ['no working day', { days: [], start: '09:00', end: '17:00' }, 'body.days'],
    ['a day that is not 1–7', { days: [1, 8], start: '09:00', end: '17:00' }, 'body.days.1'],
    ['a start without its leading zero', { days: [1], start: '9:00', end: '17:00' }, 'body.start'],
    ['an end of 25:00', { days: [1], start: '09:00', end: '25:00' }, 'body.end'],
    ['no end', { days: [1], start: '09:00' }, 'body.end'],
    ['a zone of its own (hours are always in the participant’s zone)', { days: [1], start: '09:00', end: '17:00', timeZone: 'UTC' }, 'timeZone'],
    ['an end before the start', { days: [1], start: '17:00', end: '09:00' }, 'end (09:00) must be after start (17:00)'],
    ['other hours for a day that is not worked', { days: [1], start: '09:00', end: '17:00', byDay: [{ day: 6, start: '10:00', end: '12:00' }] }, 'byDay'],
  ])('%s is refused with 400 INVALID_PAYLOAD naming what to fix, and the hours stay as they were', async (_name, body, names) => {
    const refused = await put(claimant.client, caseId, claimant.id, body);
    expect({ status: refused.status, code: refused.body.code, type: refused.headers.get('content-type') }).toEqual({ status: 400, code: 'INVALID_PAYLOAD', type: expect.stringContaining('application/problem+json') });
    expect(refused.body.detail).toContain(names);
    expect(await hoursInList(caseId, claimant.id)).toEqual(EVENINGS);
  });

  test('a removed participant’s hours cannot be set: 404 PARTICIPANT_NOT_FOUND', async () => {
    const witness = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'witness', displayName: 'Chen Jie', locale: 'zh-CN', timeZone: 'Asia/Shanghai' }));
    await judge.ok(judge.call('DELETE', `/cases/${caseId}/participants/${witness.id}`));
    const refused = await put(judge, caseId, witness.id, DEFAULT_WEEK);
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'PARTICIPANT_NOT_FOUND' });
  });

  test('each change is on the audit log (who, whose, from where) but not on the ledger: it is no part of the record of the dispute', async () => {
    const before = (await judge.ok(judge.get(`/cases/${caseId}/timeline`))).items;
    await claimant.client.ok(put(claimant.client, caseId, claimant.id, { days: [2, 3, 4], start: '15:00', end: '21:00' }));
    const after = (await judge.ok(judge.get(`/cases/${caseId}/timeline`))).items;
    expect(after).toEqual(before);
    const { lines } = await judge.ok(judge.get(`/cases/${caseId}/audit`));
    // The last change of hours (reading the timeline and the audit log are lines of their own).
    expect(lines.filter((line: { action: string }) => line.action === 'participant.setWorkingHours').at(-1)).toMatchObject({
      action: 'participant.setWorkingHours',
      actor: `participant:${claimant.id}`,
      role: 'claimant',
      target: claimant.id,
      outcome: 'allowed',
      via: 'rest',
      ip: expect.stringMatching(/\S/),
    });
    await claimant.client.ok(put(claimant.client, caseId, claimant.id, EVENINGS));
  });
});

describe('hearing slots follow the hours people set', () => {
  let caseId: string;
  let claimant: Person;

  beforeAll(async () => {
    caseId = await openCase('Moreau v. Silva (slots)');
    claimant = await invite(caseId, 'claimant', 'Ana Silva', 'America/Sao_Paulo');
  });

  /** An instant as a zone's clock reads it: weekday, date and time, with Intl alone. */
  function clock(instant: string, zone: string) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return { weekday: parts.weekday!, date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
  }

  function expectInside(slot: { start: string; end: string }, zone: string, weekdays: string[], from: string, to: string): void {
    const start = clock(slot.start, zone);
    const end = clock(slot.end, zone);
    expect({ zone, slot: slot.start, inside: weekdays.includes(start.weekday) && start.date === end.date && start.time >= from && end.time <= to }).toEqual({ zone, slot: slot.start, inside: true });
  }

  // Four-hour hearings keep the first 20 proposals within about a week, so every weekday is seen.
  const slotsFor = () => judge.ok(judge.get(`/cases/${caseId}/hearings/slots?durationMinutes=240&days=14`));
  const describedHours = (participants: Array<{ timeZone: string; workingHours: string }>) => Object.fromEntries(participants.map((p) => [p.timeZone, p.workingHours]));

  test('São Paulo evenings Tuesday–Saturday and a London judge who sits until 22:00 six days a week: slots only where both are at work, Saturdays included', async () => {
    const before = await slotsFor();
    expect(before.slots.length).toBeGreaterThan(0);
    for (const slot of before.slots) expectInside(slot, 'America/Sao_Paulo', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], '09:00', '17:00');
    expect(describedHours(before.participants)).toEqual({ 'Europe/London': 'Mon–Fri 09:00–17:00', 'America/Sao_Paulo': 'Mon–Fri 09:00–17:00' });

    // São Paulo's 14:00 is 17:00 UTC; a London day of 09:00–17:00 is over by then, all year.
    await claimant.client.ok(put(claimant.client, caseId, claimant.id, EVENINGS));
    const apart = await slotsFor();
    expect(apart.slots).toEqual([]);
    expect(describedHours(apart.participants)['America/Sao_Paulo']).toBe('Tue–Sat 14:00–22:00');

    const judgeId = (await judge.ok(judge.get(`/cases/${caseId}`))).you.id;
    await judge.ok(put(judge, caseId, judgeId, { days: [1, 2, 3, 4, 5, 6], start: '12:00', end: '22:00' }));
    const together = await slotsFor();
    expect(together.slots.length).toBeGreaterThan(0);
    for (const slot of together.slots) {
      expectInside(slot, 'America/Sao_Paulo', ['Tue', 'Wed', 'Thu', 'Fri', 'Sat'], '14:00', '22:00');
      expectInside(slot, 'Europe/London', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], '12:00', '22:00');
    }
    expect(together.slots.some((slot: { start: string }) => clock(slot.start, 'America/Sao_Paulo').weekday === 'Sat')).toBe(true);
    expect(describedHours(together.participants)).toEqual({ 'Europe/London': 'Mon–Sat 12:00–22:00', 'America/Sao_Paulo': 'Tue–Sat 14:00–22:00' });
    expect(together.participants.find((p: { participantId: string }) => p.participantId === claimant.id).workingWeek).toEqual(EVENINGS);
  });
});
