// End to end: the judge presides from the console in headless Chromium, against the real court
// server (real mediasoup worker, real socket.io), with parties, counsel and an observer in their
// own browsers (fake camera and microphone). Every court action is a click in the judge's page;
// what the rules promise is checked where it is enforced: in the SFU (paused producers, which
// consumers exist) and in what the other pages receive. Build the client first
// (`npm run build:client`; `npm test` does it).
//
// The tests hold one hearing, in order, as a court would: each picks up where the last one left
// the room. Opening five browsers again for every rule would take most of the time budget.
import type { Browser, Locator } from 'playwright-core';
import type { types } from '../../media/mediasoup.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { CaseRole } from '../../server/domain/access/roles.js';
import { en } from '../../client/src/messages/en.js';
import { DEFAULT_OATH_TEXTS } from '../../client/src/courtroom/oathTexts.js';
import { SignallingClient, startTestCourt, watchConsumers } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { eventually, fillMessage, HearingParty, launchChromium, mediaFrom } from './hearingParty.js';
import { takeTurnsWithMedia } from './mediaTurns.js';

const JUDGE = 'Judge Amara Okafor';
const CLAIMANT = 'Zhang Wei';
const RESPONDENT = 'Ana Souza';
const COUNSEL = 'Counsel Li Na';
const OBSERVER = 'Observer Dubois';

let server: RunningCourtServer;
let browser: Browser;
let hearing: HearingCase;
const parties: HearingParty[] = [];
/** Every consumer the SFU holds, as the media layer itself reports them. */
let watched = new Set<types.Consumer>();

interface Person {
  party: HearingParty;
  id: string;
  name: string;
}
let judge: Person;
let claimant: Person;
let respondent: Person;
let counsel: Person;


takeTurnsWithMedia();

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestCourt(), launchChromium()]);
  watched = watchConsumers(server);
  hearing = await HearingCase.open(server, JUDGE, { phase: 'lobbyOpen' });
}, 60_000);

afterAll(async () => {
  await Promise.all(parties.splice(0).map((party) => party.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

/** Opens the hearing page for someone added to the case (the judge: the presiding judge). */
async function arrive(name: string, role: Exclude<CaseRole, 'arbitrator' | 'mediator' | 'clerk'>, page: { initScript?: string; timezoneId?: string } = {}): Promise<Person> {
  const { participantId, token } =
    role === 'judge' ? { participantId: hearing.presidingId, token: await hearing.judgePass() } : await hearing.participant(name, role);
  const party = await HearingParty.open(browser, server.url, {
    hearingId: hearing.hearingId,
    session: { accessToken: token, displayName: name },
    autojoin: true,
    cameraHeight: 180,
    ...page,
  });
  parties.push(party);
  return { party, id: participantId, name };
}

async function waitsInLobby(person: Person): Promise<void> {
  await eventually(`${person.name} to wait in the lobby`, () => person.party.state(), (s) => s.phase === 'lobby' && s.self?.participantId === person.id);
}

async function isSeated(person: Person, seat: (seat: string) => boolean = (s) => s === 'main'): Promise<void> {
  await eventually(`${person.name} to be seated`, () => person.party.state(), (s) => s.joined && s.courtroom !== null && seat(s.courtroom.you.seat));
}

/** A row of the judge's console: someone waiting in the lobby, or someone in the rooms. */
const lobbyRow = (id: string) => judge.party.page.locator(`#judge-console [data-panel="lobby"] li[data-attendee-id="${id}"]`);
const attendeeRow = (id: string) => judge.party.page.locator(`#judge-console [data-panel="participants"] li[data-attendee-id="${id}"]`);

/** The participant's producer of a source, as the SFU holds it. */
function producerOf(participantId: string, source: 'microphone' | 'camera') {
  return server.rooms.get(hearing.hearingId)?.publishedProducers().find((p) => p.participantId === participantId && p.source === source);
}

/** The consumers the SFU holds for `viewerId` of media sent by any of `senderIds`. */
function consumersBetween(viewerId: string, senderIds: string[]): types.Consumer[] {
  const owners = new Map((server.rooms.get(hearing.hearingId)?.publishedProducers() ?? []).map((p) => [p.producerId, p.participantId]));
  return [...watched].filter((consumer) => !consumer.closed && consumer.appData.participantId === viewerId && senderIds.includes(owners.get(consumer.producerId) ?? ''));
}

/** Waits until `viewer` has stopped receiving audio from `senderId`: no new packets for 2 s. */
async function audioStops(viewer: Person, sender: Person): Promise<void> {
  await eventually(
    `${viewer.name}'s page to stop receiving ${sender.name}'s audio packets`,
    async () => {
      const before = mediaFrom(await viewer.party.receiveStats(), sender.id).audioPackets;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { before, after: mediaFrom(await viewer.party.receiveStats(), sender.id).audioPackets };
    },
    ({ before, after }) => after === before,
    { timeoutMs: 20_000, intervalMs: 0 },
  );
}

test('the judge admits two parties from the lobby by clicking in the console, and opens the session', async () => {
  judge = await arrive(JUDGE, 'judge');
  await isSeated(judge);
  await judge.party.page.locator('#judge-console').waitFor();
  // The claimant joins from Shanghai.
  claimant = await arrive(CLAIMANT, 'claimant', { timezoneId: 'Asia/Shanghai' });
  respondent = await arrive(RESPONDENT, 'respondent');
  await Promise.all([waitsInLobby(claimant), waitsInLobby(respondent)]);

  // The waiting page names the hearing and when it is to start, in the claimant's own time.
  const scheduled = claimant.party.page.locator('[data-schedule]');
  await scheduled.waitFor();
  expect(await scheduled.innerText()).toContain(hearing.title);
  const start = scheduled.locator('[data-start]');
  expect(await start.getAttribute('data-instant')).toBe(hearing.start);
  expect(await start.getAttribute('data-zone')).toBe('Asia/Shanghai');
  // The page reads in English: hours and minutes as English shows them there, and the zone's name.
  const parts = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(hearing.start));
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  expect(await start.innerText()).toContain(`${part('hour')}:${part('minute')}`);
  expect(await start.innerText()).toContain('GMT+8');

  // A party waiting sees the lobby screen with their camera preview and the device self-test.
  const selfTest = claimant.party.page.locator('[data-testid="device-self-test"]');
  await selfTest.waitFor();
  await eventually("the claimant's camera preview", () => selfTest.locator('video').evaluate((video) => (video as unknown as { srcObject: unknown }).srcObject !== null), (shown) => shown);
  // The click lets the browser start audio: the meter follows the (fake, beeping) microphone.
  await selfTest.locator('[data-action="play-test-tone"]').click();
  await eventually('the microphone level meter to move', async () => Number(await selfTest.locator('meter').getAttribute('data-level')), (level) => level > 0, { timeoutMs: 10_000, intervalMs: 100 });

  // The judge sees who waits: name, role, language and the time where they are.
  const row = lobbyRow(claimant.id);
  await row.waitFor();
  expect(await row.locator('.console__name').innerText()).toBe(CLAIMANT);
  expect(await row.innerText()).toContain(en['role.claimant']);
  expect(await row.locator('.console__language').getAttribute('data-language-tag')).toBe('en');
  expect(await row.locator('.local-time').innerText()).toMatch(/\d{1,2}:\d{2}/);
  await lobbyRow(respondent.id).waitFor();
  // …and is told in words who waits, as they come (one notice may name both).
  const waitingSaid = fillMessage(en['chair.waiting'], { names: '' }).replace(/\s*\.$/, '');
  for (const name of [CLAIMANT, RESPONDENT]) {
    await eventually(`the judge to be told ${name} waits`, () => judge.party.noticesSeen('chair'), (seen) => seen.some((shown) => shown.includes(waitingSaid) && shown.includes(name)));
  }

  await row.locator('[data-action="admit"]').click();
  await lobbyRow(respondent.id).locator('[data-action="admit"]').click();
  await Promise.all([isSeated(claimant), isSeated(respondent)]);
  await judge.party.page.locator(`#judge-console [data-panel="lobby"] li[data-attendee-id]`).first().waitFor({ state: 'detached' });
  // Each is told so in words (a live region), not only by the lobby screen going away.
  await Promise.all([claimant, respondent].map((person) => person.party.hasShownNotice('hearing', en['notice.admitted'])));

  // Everyone sees the two others' tiles; the parties see no judge's console.
  for (const [person, others] of [
    [judge, [CLAIMANT, RESPONDENT]],
    [claimant, [JUDGE, RESPONDENT]],
    [respondent, [JUDGE, CLAIMANT]],
  ] as const) {
    await eventually(`${person.name}'s tiles`, () => person.party.remoteTileNames(), (names) => JSON.stringify(names) === JSON.stringify([...others].sort()));
  }
  expect(await claimant.party.page.locator('#judge-console').count()).toBe(0);
  await claimant.party.page.locator('#party-panel [data-action="raise-hand"]').waitFor();

  // The console offers only the phase the hearing may move on to: from an open lobby, the session.
  const moves = judge.party.page.locator('#judge-console [data-action="move-phase"]');
  expect(await moves.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-phase')))).toEqual(['inSession']);
  await moves.first().click();
  for (const person of [judge, claimant, respondent]) {
    await eventually(`${person.name} to see the hearing in session`, () => person.party.state(), (s) => s.courtroom?.phase === 'inSession');
  }
  // The parties are told so in words, and their panel says so.
  for (const person of [claimant, respondent]) {
    await person.party.hasShownNotice('phase', en['notice.sessionOpened']);
    expect(await person.party.page.locator('#party-panel [data-hearing-phase]').innerText()).toBe(en['hearingPhase.inSession']);
  }
  expect(await moves.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-phase')))).toEqual(['recess', 'adjourned']);
}, 90_000);

test("the judge mutes a party by clicking: the other party stops receiving their audio, and the muted party's microphone button cannot unmute", async () => {
  await respondent.party.receivesMediaFrom([claimant.id]);
  expect(producerOf(claimant.id, 'microphone')?.paused).toBe(false);

  await attendeeRow(claimant.id).locator('[data-action="mute-microphone"]').click();
  await eventually("the claimant's microphone paused in the SFU", async () => producerOf(claimant.id, 'microphone')?.paused, (paused) => paused === true);
  await audioStops(respondent, claimant);
  await attendeeRow(claimant.id).locator('[data-court-muted="microphone"]').waitFor();
  await respondent.party.page.locator(`.tile--remote.tile--mic-muted[data-participant-id="${claimant.id}"]`).waitFor();

  // The claimant's page: muted by the court, the button disabled with the reason beside it.
  const state = await eventually('the claimant to see the court mute', () => claimant.party.state(), (s) => s.courtroom?.you.courtMuted.microphone === true);
  expect(state.courtroom!.you.mayUnmuteMicrophone).toBe(false);
  const micButton = claimant.party.page.locator('#toggle-microphone');
  await eventually('the microphone button disabled', () => micButton.isDisabled(), (disabled) => disabled);
  expect(await claimant.party.page.locator('#control-explanation').innerText()).toBe(en['court.micMutedByCourt']);
  await claimant.party.hasShownNotice('court', en['notice.mutedByCourt']);

  // Clicking it anyway changes nothing: the producer stays paused and no audio reaches the other party.
  await micButton.click({ force: true });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(producerOf(claimant.id, 'microphone')?.paused).toBe(true);
  await audioStops(respondent, claimant);
}, 60_000);

test('a party whose connection is cut comes back muted, to the main room, without passing the lobby', async () => {
  const before = producerOf(claimant.id, 'microphone')!.producerId;
  const socket = [...server.io.sockets.sockets.values()].find((s) => s.data.member?.participantId === claimant.id);
  socket!.conn.close(); // the network under the signalling connection fails

  await claimant.party.hasShownNotice('connection', en['notice.connectionLost']);
  await claimant.party.hasShownNotice('connection', en['notice.connectionRestored']);
  // The judge is told of both, in words: the judge may wait for a party whose network failed.
  await judge.party.hasShownNotice('chair', fillMessage(en['chair.connectionLost'], { names: CLAIMANT }));
  await judge.party.hasShownNotice('chair', fillMessage(en['chair.back'], { names: CLAIMANT }));
  const back = await eventually('the claimant to be back in the main room', () => claimant.party.state(), (s) => s.joined && s.courtroom?.you.seat === 'main');
  expect(back.courtroom!.you.courtMuted.microphone).toBe(true);
  expect(back.self?.participantId).toBe(claimant.id);
  // The new producer is paused by the server as it is made (the court's mute is the server's),
  // and stays paused.
  await eventually("the claimant's new microphone producer, paused in the SFU", async () => producerOf(claimant.id, 'microphone'), (p) => p !== undefined && p.producerId !== before && p.paused);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(producerOf(claimant.id, 'microphone')?.paused).toBe(true);
  expect(await claimant.party.page.locator('#toggle-microphone').isDisabled()).toBe(true);

  // Back in the room (the picture flows again), still unheard.
  await eventually(
    "the respondent to see the claimant's picture again",
    async () => {
      const first = mediaFrom(await respondent.party.receiveStats(), claimant.id);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { first, then: mediaFrom(await respondent.party.receiveStats(), claimant.id) };
    },
    ({ first, then }) => then.videoFrames > first.videoFrames && then.audioPackets === first.audioPackets,
    { timeoutMs: 45_000, intervalMs: 0 },
  );

  // The judge lifts the mute: the SFU resumes the producer and the voice is heard again.
  await attendeeRow(claimant.id).locator('[data-action="unmute-microphone"]').click();
  await eventually("the claimant's microphone resumed in the SFU", async () => producerOf(claimant.id, 'microphone')?.paused, (paused) => paused === false);
  await respondent.party.receivesMediaFrom([claimant.id]);
  expect(await claimant.party.page.locator('#toggle-microphone').isDisabled()).toBe(false);
}, 90_000);

test('a party and counsel moved into a consultation room are not received by the other party: the SFU holds no consumer across the boundary', async () => {
  counsel = await arrive(COUNSEL, 'counsel');
  await waitsInLobby(counsel);
  await lobbyRow(counsel.id).locator('[data-action="admit"]').click();
  await isSeated(counsel);
  await respondent.party.receivesMediaFrom([claimant.id, counsel.id]);

  // The judge opens a room with the claimant and counsel, ticked in the console.
  const form = judge.party.page.locator('#judge-console [data-form="open-consultation"]');
  await form.locator('summary').click();
  await form.locator(`input[name="members"][value="${claimant.id}"]`).check();
  await form.locator(`input[name="members"][value="${counsel.id}"]`).check();
  await form.locator('input[name="roomName"]').fill('Claimant and counsel');
  await form.locator('[data-action="open-consultation"]').click();
  const inConsultation = (seat: string) => seat.startsWith('consultation:');
  await Promise.all([isSeated(claimant, inConsultation), isSeated(counsel, inConsultation)]);

  // Inside the room they see and hear each other…
  await claimant.party.receivesMediaFrom([counsel.id]);
  await eventually("the claimant's tiles", () => claimant.party.remoteTileNames(), (names) => JSON.stringify(names) === JSON.stringify([COUNSEL]));
  expect(await claimant.party.page.locator('#party-panel .party__seat').innerText()).toContain('Claimant and counsel');
  // Both are told in words that nobody outside hears them (a live region), not only shown.
  const inRoomNotice = fillMessage(en['notice.inConsultationRoom'], { name: 'Claimant and counsel' });
  await Promise.all([claimant, counsel].map((person) => person.party.hasShownNotice('hearing', inRoomNotice)));

  // …and nothing of theirs reaches the respondent: not on the page, not in the SFU.
  await eventually(
    "the respondent's page to receive nothing from the room",
    () => respondent.party.receiveStats(),
    (stats) => stats.every((entry) => entry.participantId !== claimant.id && entry.participantId !== counsel.id),
  );
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const stats = await respondent.party.receiveStats();
  expect(stats.filter((entry) => entry.participantId === claimant.id || entry.participantId === counsel.id)).toEqual([]);
  expect(consumersBetween(respondent.id, [claimant.id, counsel.id])).toEqual([]);
  expect(consumersBetween(judge.id, [claimant.id, counsel.id])).toEqual([]);
  expect(consumersBetween(claimant.id, [respondent.id, judge.id])).toEqual([]);
  expect(consumersBetween(claimant.id, [counsel.id]).length).toBe(2); // audio and video, inside the room
  expect(await respondent.party.remoteTileNames()).toEqual([JUDGE]);

  // The judge calls everyone back: the respondent receives them again.
  await judge.party.page.locator('#judge-console [data-action="call-everyone-back"]').click();
  await Promise.all([isSeated(claimant), isSeated(counsel)]);
  await Promise.all([claimant, counsel].map((person) => person.party.hasShownNotice('hearing', en['notice.backInMainRoom'])));
  await respondent.party.receivesMediaFrom([claimant.id, counsel.id]);
  // The respondent, who never moved, was told neither.
  expect((await respondent.party.noticesSeen('hearing')).filter((shown) => shown.includes(inRoomNotice) || shown.includes(en['notice.backInMainRoom']))).toEqual([]);
}, 90_000);

test("an observer receives the hearing from the public gallery, captures nothing and appears in no one's list, while the judge's page counts the gallery", async () => {
  const countCaptures = `(() => {
    window.__captures = 0;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => { window.__captures++; return original(constraints); };
  })();`;
  const observer = await arrive(OBSERVER, 'observer', { initScript: countCaptures });
  await waitsInLobby(observer);
  await observer.party.page.locator('#lobby-screen [data-lobby="observer"]').waitFor();
  await lobbyRow(observer.id).locator('[data-action="admit"]').click();
  await isSeated(observer, (seat) => seat === 'gallery');

  await observer.party.receivesMediaFrom([judge.id, respondent.id]);
  expect(await observer.party.page.evaluate('window.__captures')).toBe(0);
  expect((await observer.party.state()).sending).toEqual({ microphone: false, camera: false });
  expect(await observer.party.page.locator('#toggle-microphone').isVisible()).toBe(false);
  expect(await observer.party.page.locator('#toggle-camera').isVisible()).toBe(false);
  expect(await observer.party.page.locator('#leave').isVisible()).toBe(true);
  expect(producerOf(observer.id, 'microphone')).toBeUndefined();

  const galleryCount = fillMessage(en['gallery.count'], { count: '1' });
  await eventually("the judge's page to count the gallery", () => judge.party.page.locator('#gallery-count').innerText(), (text) => text === galleryCount);
  expect(await judge.party.page.locator('#judge-console [data-gallery-count="1"]').innerText()).toBe(galleryCount);
  expect(await attendeeRow(observer.id).count()).toBe(0);
  for (const person of [judge, claimant, respondent, counsel]) {
    expect(await person.party.remoteTileNames()).not.toContain(OBSERVER);
    const state = await person.party.state();
    expect(state.participants.map((p) => p.participantId)).not.toContain(observer.id);
    if (person !== judge) expect(state.courtroom!.participants.map((p) => p.participantId)).not.toContain(observer.id);
    await eventually(`${person.name}'s page to count the gallery`, () => person.party.page.locator('#gallery-count').innerText(), (text) => text === galleryCount);
  }
}, 90_000);

test('the judge calls a party to affirm: the party confirms the text and the confirmation is on the hearing record', async () => {
  const form = judge.party.page.locator('#judge-console [data-form="call-oath"]');
  await form.locator('summary').click();
  await form.locator('select[name="witness"]').selectOption(claimant.id);
  await form.locator('[data-action="call-oath"]').click();

  const prompt = claimant.party.page.locator('#oath-prompt');
  await prompt.waitFor();
  expect(await prompt.getByTestId('oath-text').innerText()).toBe(DEFAULT_OATH_TEXTS.en);
  await prompt.locator('[data-action="confirm-oath"]').click();
  await claimant.party.hasShownNotice('court', en['oath.confirmed']);

  const response = await fetch(`${server.url}/api/cases/${hearing.caseId}/hearings/${hearing.hearingId}/record`, {
    headers: { authorization: `Bearer ${await hearing.judgePass()}` },
  });
  const { lines } = (await response.json()) as { lines: Array<{ type: string; participantId?: string; by?: string }> };
  const judgeDid = (type: string, participantId: string) => lines.some((l) => l.type === type && l.participantId === participantId && l.by === `participant:${judge.id}`);
  expect(judgeDid('admitted', claimant.id) && judgeDid('admitted', respondent.id)).toBe(true);
  expect(judgeDid('muted', claimant.id) && judgeDid('unmuted', claimant.id)).toBe(true);
  expect(lines.some((l) => l.type === 'oathConfirmed' && l.participantId === claimant.id)).toBe(true);
}, 60_000);

test('the judge denies an arrival, typing the reason while someone else arrives: the field keeps the text and the focus, and the denied person is told the reason', async () => {
  const intruder = await arrive('Visitor Moreau', 'observer');
  await waitsInLobby(intruder);
  const lobby = judge.party.page.locator('#judge-console [data-panel="lobby"]');
  const row = lobby.locator(`[data-attendee-id="${intruder.id}"]`);
  await row.locator('[data-action="deny"]').click();
  const reason = row.locator('[data-field="deny-reason"]');
  await judge.party.page.keyboard.type('You are not');

  // Someone else arrives meanwhile, and the judge's lobby shows them: the judge types on.
  const latecomer = await hearing.participant('Visitor Ito', 'observer');
  const latecomerSocket = await SignallingClient.connect(server.url, latecomer.token);
  try {
    await latecomerSocket.request('hearing:join', { hearingId: hearing.hearingId });
    await lobby.locator(`[data-attendee-id="${latecomer.participantId}"]`).waitFor();
    await judge.party.page.keyboard.type(' on the list for this hearing.');
    expect(await reason.inputValue()).toBe('You are not on the list for this hearing.');
    await row.locator('[data-action="confirm-deny"]').click();

    const told = intruder.party.page.locator('#join-error');
    await told.filter({ hasText: fillMessage(en['notice.denied'], { reason: 'You are not on the list for this hearing.' }) }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await lobby.locator(`[data-attendee-id="${latecomer.participantId}"]`).count()).toBe(1);
  } finally {
    latecomerSocket.socket.close();
  }
}, 60_000);

/** A party asks the judge for a consultation from their panel (alone: nobody ticked). */
async function asksForConsultation(person: Person, reason: string): Promise<void> {
  const ask = person.party.page.locator('#party-panel [data-form="request-consultation"]');
  await ask.locator('summary').click();
  await ask.locator('[data-field="consultation-reason"]').fill(reason);
  await ask.locator('[data-action="request-consultation"]').click();
}

test('a party asks for a consultation; the judge names its room while a hand goes up elsewhere, approves, and the party is in the room by that name', async () => {
  await asksForConsultation(respondent, 'I need a word with my side alone.');
  const request = judge.party.page.locator('#judge-console [data-panel="consultations"] [data-request-id]');
  await request.waitFor();
  // The judge is told so in words as it happens, not only shown it in the console.
  await judge.party.hasShownNotice('chair', fillMessage(en['chair.asksConsultation'], { names: RESPONDENT }));
  await request.locator('input[name="roomName"]').fill('');
  await judge.party.page.keyboard.type('Respondent');

  // The court goes on meanwhile: the claimant raises a hand, and the judge's console shows it.
  await claimant.party.page.locator('#party-panel [data-action="raise-hand"]').click();
  await judge.party.page.locator(`#judge-console [data-panel="hands"] [data-attendee-id="${claimant.id}"]`).waitFor();
  await judge.party.hasShownNotice('chair', fillMessage(en['chair.handRaised'], { names: CLAIMANT }));
  await judge.party.page.keyboard.type(' alone');
  expect(await request.locator('input[name="roomName"]').inputValue()).toBe('Respondent alone');

  const sent = respondent.party.page.locator('#party-panel [data-consultation-sent]');
  expect(await sent.isVisible()).toBe(true); // "your request went to the judge"…
  await request.locator('[data-action="approve-consultation"]').click();
  await isSeated(respondent, (seat) => seat.startsWith('consultation:'));
  await eventually("the respondent's page to name the room", () => respondent.party.page.locator('#party-panel .party__seat').innerText(), (text) => text.includes('Respondent alone'));
  await sent.waitFor({ state: 'hidden' }); // …until the judge has decided
}, 60_000);

/** The judge's hand queue, and a party's own hand button. */
const handsRow = (id: string) => judge.party.page.locator(`#judge-console [data-panel="hands"] li[data-attendee-id="${id}"]`);
const hand = (person: Person, action: 'raise-hand' | 'lower-hand') => person.party.page.locator(`#party-panel [data-action="${action}"]`);
/** Whether the judge's keyboard focus is on this control. */
const focused = async (control: Locator) => (await control.and(judge.party.page.locator(':focus')).count()) === 1;

// The judge's console from the keyboard: what the judge has reached keeps its focus while the
// court goes on (pushes redraw the console several times a second in a busy hearing).

test("a move being chosen in the judge's console keeps its focus while another party's hand goes down", async () => {
  const moveTo = attendeeRow(respondent.id).locator('[data-action="move-to"]');
  await moveTo.focus();
  await hand(claimant, 'lower-hand').click();
  await handsRow(claimant.id).waitFor({ state: 'detached' });
  await attendeeRow(claimant.id).locator('.badge--hand').waitFor({ state: 'detached' });
  expect(await focused(moveTo)).toBe(true);
  await moveTo.selectOption('main');
  await isSeated(respondent);
}, 60_000);

test('the floor is given from the keyboard while another hand goes up', async () => {
  await hand(counsel, 'raise-hand').click();
  const grant = handsRow(counsel.id).locator('[data-action="grant-floor"]');
  await grant.focus();
  await hand(respondent, 'raise-hand').click();
  await handsRow(respondent.id).waitFor();
  expect(await focused(grant)).toBe(true);
  await judge.party.page.keyboard.press('Enter');
  await eventually("counsel's page to hold the floor", () => counsel.party.state(), (s) => s.courtroom?.floorHolder === counsel.id);
}, 60_000);

test("the judge mutes and unmutes with Enter twice: the person's row is drawn anew and the focus is on the same control of it", async () => {
  await attendeeRow(counsel.id).locator('[data-action="mute-microphone"]').focus();
  await judge.party.page.keyboard.press('Enter');
  await attendeeRow(counsel.id).locator('[data-court-muted="microphone"]').waitFor();
  expect(await focused(attendeeRow(counsel.id).locator('[data-action="unmute-microphone"]'))).toBe(true);
  await judge.party.page.keyboard.press('Enter');
  await eventually("counsel's page to be unmuted by the court", () => counsel.party.state(), (s) => s.courtroom?.you.courtMuted.microphone === false);
  await attendeeRow(counsel.id).locator('[data-court-muted="microphone"]').waitFor({ state: 'detached' });
  expect(await focused(attendeeRow(counsel.id).locator('[data-action="mute-microphone"]'))).toBe(true);
}, 60_000);

test("whom to take into a consultation room, ticked from the keyboard, keeps its focus and its tick while a hand goes up", async () => {
  const form = judge.party.page.locator('#judge-console [data-form="open-consultation"]');
  if ((await form.getAttribute('open')) === null) await form.locator('summary').click(); // opened before, in this hearing
  const box = form.locator(`input[name="members"][value="${claimant.id}"]`);
  await box.focus();
  await judge.party.page.keyboard.press('Space');
  await hand(claimant, 'raise-hand').click();
  await handsRow(claimant.id).waitFor();
  expect(await focused(box)).toBe(true);
  expect(await box.isChecked()).toBe(true);
}, 60_000);

test("the hearing's next phase, reached from the keyboard, keeps its focus while a hand goes down", async () => {
  const recess = judge.party.page.locator('#judge-console [data-panel="lifecycle"] [data-phase="recess"]');
  await recess.focus();
  await hand(claimant, 'lower-hand').click();
  await handsRow(claimant.id).waitFor({ state: 'detached' });
  expect(await focused(recess)).toBe(true);
}, 60_000);

test("the judge admits one arrival after another with Enter: the focus goes to the next one's \"admit\"", async () => {
  const waiting = await Promise.all(['Visitor Kim', 'Visitor Osei'].map((name) => hearing.participant(name, 'observer')));
  const sockets: SignallingClient[] = [];
  try {
    for (const visitor of waiting) {
      const socket = await SignallingClient.connect(server.url, visitor.token);
      sockets.push(socket);
      await socket.request('hearing:join', { hearingId: hearing.hearingId });
      await lobbyRow(visitor.participantId).waitFor();
    }
    const [first, second] = waiting as [(typeof waiting)[number], (typeof waiting)[number]];
    await lobbyRow(first.participantId).locator('[data-action="admit"]').focus();
    await judge.party.page.keyboard.press('Enter');
    await lobbyRow(first.participantId).waitFor({ state: 'detached' });
    expect(await focused(lobbyRow(second.participantId).locator('[data-action="admit"]'))).toBe(true);
    await judge.party.page.keyboard.press('Enter');
    await lobbyRow(second.participantId).waitFor({ state: 'detached' });
    expect(server.rooms.get(hearing.hearingId)?.has(second.participantId)).toBe(true);
  } finally {
    for (const socket of sockets) socket.socket.close();
  }
}, 60_000);

test('the judge declines a request for a consultation, giving a reason: the party reads it in a notice, and the request leaves the console', async () => {
  await asksForConsultation(claimant, 'A word with my counsel, please.');
  const request = judge.party.page.locator('#judge-console [data-panel="consultations"] [data-request-id]');
  await request.waitFor();
  await request.locator('[data-field="decline-reason"]').fill('not while the witness is on the stand');
  await request.locator('[data-action="decline-consultation"]').click();
  await claimant.party.hasShownNotice('court', fillMessage(en['notice.consultationDeclinedBecause'], { reason: 'not while the witness is on the stand' }));
  await request.waitFor({ state: 'detached' });
  // The panel no longer says the request went to the judge: it is decided.
  await claimant.party.page.locator('#party-panel [data-consultation-sent]').waitFor({ state: 'hidden' });
  expect((await claimant.party.state()).courtroom?.you.seat).toBe('main');
}, 60_000);

test('the parties are told in words, and shown on their panel, when the judge calls a recess, resumes and adjourns; the judge, who did it, is told nothing', async () => {
  const lifecycle = judge.party.page.locator('#judge-console [data-panel="lifecycle"]');
  const parties = [claimant, respondent];
  const told = async (phase: string, notice: string) => {
    for (const person of parties) {
      await person.party.hasShownNotice('phase', notice);
      await eventually(`${person.name}'s panel to show the hearing ${phase}`, () => person.party.page.locator('#party-panel [data-hearing-phase]').getAttribute('data-hearing-phase'), (shown) => shown === phase);
    }
  };
  await lifecycle.locator('[data-phase="recess"]').click();
  await told('recess', en['notice.recess']);
  expect(await claimant.party.page.locator('#party-panel [data-hearing-phase]').innerText()).toBe(en['hearingPhase.recess']);
  await lifecycle.locator('[data-phase="inSession"]').click();
  await told('inSession', en['notice.resumed']);
  // Adjourning asks to be confirmed: a second click.
  await lifecycle.locator('[data-phase="adjourned"]').click();
  await lifecycle.locator('[data-phase="adjourned"]').click();
  await told('adjourned', en['notice.adjourned']);
  expect(await judge.party.noticesSeen('phase')).toEqual([]);
}, 60_000);
