// Hearings across time zones over the real API: scheduling in UTC with the zone it was set in,
// slots inside everyone's working hours, each participant's calendar invitation, and the
// reminder before the start.
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { ApiClient, createStaff, redeem, signIn } from '../helpers/caseRecordClient.js';
import { SignallingClient, startTestCourt, waitFor } from '../helpers/courtHarness.js';

let server: RunningCourtServer;
let judge: ApiClient;
let claimant: ApiClient;
let caseId: string;
const sockets: SignallingClient[] = [];

beforeAll(async () => {
  server = await startTestCourt();
  await createStaff(server, 'judge-zones', 'judge', 'Judge Okafor');
  judge = await signIn(server, 'judge-zones');
  caseId = (await judge.ok(judge.post('/cases', { title: 'Harper v. Moreau', languages: ['en'], locale: 'en-GB', timeZone: 'Europe/London' }))).id;
  const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'claimant', displayName: 'Ada Harper', locale: 'en-US', timeZone: 'America/New_York' }));
  claimant = await redeem(server, (await judge.ok(judge.post(`/cases/${caseId}/participants/${added.id}/invitations`, {}))).token);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  await server?.close();
});

const wall = (instant: string, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' }).format(new Date(instant));

test('proposed slots fall inside the working hours of everyone, each in their own zone', async () => {
  const { slots, participants } = await judge.ok(judge.get(`/cases/${caseId}/hearings/slots?durationMinutes=60&days=14`));
  expect(participants.map((p: { timeZone: string }) => p.timeZone).sort()).toEqual(['America/New_York', 'Europe/London']);
  expect(slots.length).toBeGreaterThan(0);
  for (const slot of slots) {
    for (const zone of ['Europe/London', 'America/New_York']) {
      const [startDay, startTime] = wall(slot.start, zone).split(' ');
      const endTime = wall(new Date(Date.parse(slot.end) - 60_000).toISOString(), zone).split(' ')[1]!;
      expect({ zone, startDay, ok: startTime! >= '09:00' && endTime < '17:00' }).toEqual({ zone, startDay, ok: true });
      expect(['Sat', 'Sun']).not.toContain(startDay);
    }
    expect(Object.keys(slot.local)).toHaveLength(2);
  }
});

test('a hearing is stored in UTC with the zone it was set in; bad times and chairs are refused', async () => {
  const hearing = await judge.ok(judge.post(`/cases/${caseId}/hearings`, { title: 'Case management', start: '2026-03-10T14:00:00Z', durationMinutes: 90, timeZone: 'Europe/London' }));
  expect(hearing).toMatchObject({ start: '2026-03-10T14:00:00.000Z', end: '2026-03-10T15:30:00.000Z', timeZone: 'Europe/London', phase: 'scheduled' });
  const me = await judge.ok(judge.get(`/cases/${caseId}`));
  expect(hearing.presidingId).toBe(me.you.id);
  for (const [body, field] of [
    [{ title: 'x', start: '10 March 2026', durationMinutes: 60, timeZone: 'UTC' }, 'body.start'],
    [{ title: 'x', start: '2026-03-10T14:00:00Z', durationMinutes: 5, timeZone: 'UTC' }, 'body.durationMinutes'],
    [{ title: 'x', start: '2026-03-10T14:00:00Z', durationMinutes: 60, timeZone: 'Mars/Olympus' }, 'body.timeZone'],
  ] as const) {
    const refused = await judge.post(`/cases/${caseId}/hearings`, body);
    expect({ status: refused.status, code: refused.body.code, names: refused.body.detail.includes(field) }).toEqual({ status: 400, code: 'INVALID_PAYLOAD', names: true });
  }
  const claimantId = (await claimant.ok(claimant.get('/me'))).participantId;
  const wrongChair = await judge.post(`/cases/${caseId}/hearings`, { title: 'x', start: '2026-03-10T14:00:00Z', durationMinutes: 60, timeZone: 'UTC', presidingId: claimantId });
  expect(wrongChair.body).toMatchObject({ code: 'INVALID_PAYLOAD', detail: expect.stringContaining('judge, arbitrator or mediator') });
  expect((await claimant.post(`/cases/${caseId}/hearings`, { title: 'x', start: '2026-03-10T14:00:00Z', durationMinutes: 60, timeZone: 'UTC' })).body.code).toBe('FORBIDDEN');
});

test("each participant's calendar invitation carries their join link and the hearing in UTC", async () => {
  const hearing = await judge.ok(judge.post(`/cases/${caseId}/hearings`, { title: 'Final hearing', start: '2026-11-03T15:00:00Z', durationMinutes: 120, timeZone: 'Europe/London' }));
  const response = await fetch(`${server.url}/api/cases/${caseId}/hearings/${hearing.id}/invitation.ics`, { headers: { authorization: `Bearer ${claimant.token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
  const ics = await response.text();
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  expect(ics).toContain('\r\n');
  expect(unfolded).toContain('BEGIN:VEVENT');
  expect(unfolded).toContain('DTSTART:20261103T150000Z');
  expect(unfolded).toContain('DTEND:20261103T170000Z');
  expect(unfolded).toContain(`URL:${server.url}/?hearing=${hearing.id}&autojoin=1`);
  expect(unfolded).toContain('TRIGGER:-PT15M');
  // New York's clocks went back on 1 November 2026: 15:00 UTC is 10:00 there.
  expect(unfolded).toMatch(/10:00/);
  const stranger = await signIn(server, 'judge-zones'); // staff who do take part: allowed
  expect((await stranger.get(`/cases/${caseId}/hearings/${hearing.id}/invitation.ics`)).status).toBe(200);
  await createStaff(server, 'clerk-elsewhere', 'clerk');
  const outsider = await signIn(server, 'clerk-elsewhere');
  expect((await outsider.get(`/cases/${caseId}/hearings/${hearing.id}/invitation.ics`)).body.code).toBe('NOT_A_CASE_PARTICIPANT');
});

test('shortly before a hearing starts, everyone with the case open is reminded once', async () => {
  const start = new Date(Date.now() + 10 * 60_000).toISOString();
  const hearing = await judge.ok(judge.post(`/cases/${caseId}/hearings`, { title: 'Reminded hearing', start, durationMinutes: 60, timeZone: 'America/New_York' }));
  const socket = await SignallingClient.connect(server.url, claimant.token);
  sockets.push(socket);
  await waitFor(() => server.io.of('/').adapter.rooms.get(`case:${caseId}`)?.has(socket.socket.id!) === true, "the socket to join its case's channel");
  const reminder = socket.next('hearing:reminder');
  expect(await server.reminders.check()).toContain(hearing.id);
  await expect(reminder).resolves.toMatchObject({ hearingId: hearing.id, caseId, title: 'Reminded hearing', minutesBefore: 15 });
  expect(await server.reminders.check()).not.toContain(hearing.id);
  const { lines } = await judge.ok(judge.get(`/cases/${caseId}/hearings/${hearing.id}/record`));
  expect(lines.map((line: { type: string }) => line.type)).toContain('reminderSent');
});
