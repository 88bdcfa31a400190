// A court node serves hearing after hearing for months: it keeps in memory what its live
// courtrooms need and lets go of the rest — what it last sent someone whose connection is gone,
// the courtroom of a hearing that is over. Against the real server and sockets.
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { SignallingClient, startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';

/** Short, so a test can wait it out. */
const RECONNECT_WINDOW_MS = 1500;

let court: RunningCourtServer;
let hearing: HearingCase;
const closers: Array<{ close(): void }> = [];

beforeAll(async () => {
  court = await startTestCourt({ MEDIA_WORKERS: '1', HEARING_RECONNECT_WINDOW_MS: String(RECONNECT_WINDOW_MS) });
});

beforeEach(async () => {
  hearing = await HearingCase.open(court, 'Judge Okafor');
});

afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  // Every connection of the test gone: the next one starts from a node that remembers nobody.
  await waitFor(() => court.io.sockets.sockets.size === 0 && court.courtrooms.held().people === 0, 'the node to let everyone go');
});

afterAll(async () => {
  await court.close();
});

async function comeIn(token: string) {
  const client = await SignallingClient.connect(court.url, token);
  closers.push(client);
  const joined = await client.request('hearing:join', { hearingId: hearing.hearingId });
  return { client, joined };
}

async function live() {
  return (await court.courtrooms.get(hearing.hearingId))?.courtroom;
}

describe('people', () => {
  test('the node remembers what it sent only those still connected: leaving, dropping or closing the page forgets it, coming back starts afresh', async () => {
    const judge = await comeIn(await hearing.judgePass());
    const souza = await hearing.participant('Ms Souza', 'claimant');
    await hearing.preAdmit(souza.participantId);
    const parties = [await comeIn(souza.token), await comeIn(await hearing.pass('Mr Chen', 'respondent')), await comeIn(await hearing.pass('Ms Ito', 'counsel'))];
    expect(court.courtrooms.held().people).toBe(4);

    // Souza's network drops (her seat is kept), Chen leaves the hearing, Ito closes the page.
    parties[0]!.client.socket.io.engine.close();
    await expect(parties[1]!.client.request('hearing:leave', {})).resolves.toEqual({ left: true });
    parties[2]!.client.close();
    await waitFor(() => court.courtrooms.held().people === 1, 'only the judge to be remembered');
    expect((await live())?.attendee(souza.participantId)).toMatchObject({ seat: 'main', connected: false });

    // Back within the window: her seat, and her view sent afresh.
    const back = await comeIn(souza.token);
    expect(back.joined.seat).toBe('main');
    expect(back.joined.courtroom.you).toMatchObject({ participantId: souza.participantId, seat: 'main' });
    expect(court.courtrooms.held().people).toBe(2);
    // And she is in the rounds of views again: the judge locks the room, she is shown it.
    const shown = back.client.next('courtroom:state', (view) => view.locked);
    await judge.client.request('courtroom:command', { action: 'lock', locked: true });
    await expect(shown).resolves.toMatchObject({ locked: true, you: { seat: 'main' } });
  });
});

describe('hearings', () => {
  test('an adjourned hearing that nobody is in any more is let go, and still cannot be joined', async () => {
    const judge = await comeIn(await hearing.judgePass());
    const party = await comeIn(await hearing.pass('Ms Souza', 'claimant'));
    await judge.client.request('courtroom:command', { action: 'movePhase', phase: 'adjourned' });
    const held = court.courtrooms.held().hearings;

    // Someone still in it: it stays.
    await expect(judge.client.request('hearing:leave', {})).resolves.toEqual({ left: true });
    await court.courtrooms.sweep();
    expect((await live())?.phase).toBe('adjourned');

    // The last one gone: the next sweep lets it go.
    await expect(party.client.request('hearing:leave', {})).resolves.toEqual({ left: true });
    await waitFor(async () => (await live())?.attendeeCount === 0, 'the courtroom to be empty');
    await court.courtrooms.sweep();
    expect(await live()).toBeUndefined();
    expect(court.courtrooms.held().hearings).toBe(held - 1);

    // Opened again from its record by a join, which it refuses; let go again at the next sweep.
    const late = await SignallingClient.connect(court.url, await hearing.pass('Mr Late', 'respondent'));
    closers.push(late);
    await expect(late.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject({ ok: false, error: { code: 'HEARING_ADJOURNED' } });
    await court.courtrooms.sweep();
    expect(await live()).toBeUndefined();
    expect((await court.court.hearings.get(hearing.hearingId)).phase).toBe('adjourned');
  });

  test('a hearing not adjourned keeps its courtroom while everyone is away: the judge comes back to the lock they set', async () => {
    const judge = await comeIn(await hearing.judgePass());
    await judge.client.request('courtroom:command', { action: 'lock', locked: true });
    await expect(judge.client.request('hearing:leave', {})).resolves.toEqual({ left: true });
    await waitFor(async () => (await live())?.attendeeCount === 0, 'the courtroom to be empty');
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_WINDOW_MS + 100));
    await court.courtrooms.sweep();

    const back = await comeIn(await hearing.judgePass());
    expect(back.joined.courtroom).toMatchObject({ phase: 'inSession', locked: true, you: { presiding: true } });
  });
});
