// End to end: the real court server (real mediasoup worker, real socket.io) serving the built
// client to headless Chromium with a fake camera and microphone. Build the client first
// (`npm run build:client`; `npm test` does it). Set CROSSCOURT_E2E_SCREENSHOT=<file.png> to
// keep a picture of the three-party hearing.
import type { Browser } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { eventually, fillMessage, HearingParty, launchChromium } from './hearingParty.js';
import { takeTurnsWithMedia } from './mediaTurns.js';

let server: RunningCourtServer;
let browser: Browser;
const parties: HearingParty[] = [];


takeTurnsWithMedia();

beforeAll(async () => {
  server = await startTestCourt();
  browser = await launchChromium();
}, 60_000);

afterEach(async () => {
  await Promise.all(parties.splice(0).map((party) => party.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

/** Opens a case whose presiding judge is `judge`; everyone else joins it as a party. */
function openCase(judge: string): Promise<HearingCase> {
  return HearingCase.open(server, judge);
}

/** Opens the hearing page for `name`; a party waits in the lobby until the judge admits them. */
async function join(options: { hearing: HearingCase; name: string; judge?: boolean; tcp?: boolean; initScript?: string }): Promise<HearingParty> {
  const { hearing, name, judge, ...rest } = options;
  const accessToken = judge ? await hearing.judgePass() : await hearing.pass(name);
  const party = await HearingParty.open(browser, server.url, { ...rest, hearingId: hearing.hearingId, session: { accessToken, displayName: name }, autojoin: true });
  parties.push(party);
  if (!judge) {
    const waiting = await eventually(`${name} to wait in the lobby`, () => party.state(), (s) => s.phase === 'lobby' && s.self !== null);
    await hearing.admit(waiting.self!.participantId);
  }
  return party;
}

/** The server side of a participant's signalling connection. */
function socketOf(participantId: string) {
  const socket = [...server.io.sockets.sockets.values()].find((s) => s.data.member?.participantId === participantId);
  if (!socket) throw new Error(`no socket for participant ${participantId}`);
  return socket;
}

test('three parties in one hearing room each see and hear the other two, one of them over TCP only', async () => {
  const names = ['Judge Amara Okafor', 'Counsel Li Wei', 'Witness Jonas Berg'];
  const hearing = await openCase(names[0]!);
  const judge = await join({ hearing, name: names[0]!, judge: true });
  const counsel = await join({ hearing, name: names[1]! });
  const witness = await join({ hearing, name: names[2]!, tcp: true });
  const everyone = [judge, counsel, witness];
  const ids = await Promise.all(everyone.map((party) => party.participantId()));

  // Each page shows a tile, with the name, for each of the two others.
  for (const [index, party] of everyone.entries()) {
    const others = names.filter((_, i) => i !== index).sort();
    await eventually(`${names[index]}'s page to show tiles for ${others.join(' and ')}`, () => party.remoteTileNames(), (shown) =>
      JSON.stringify(shown) === JSON.stringify(others),
    );
  }

  // Each page keeps decoding video and receiving audio from both others.
  await Promise.all(everyone.map((party, index) => party.receivesMediaFrom(ids.filter((_, i) => i !== index))));

  // The witness's firewall drops UDP: its media runs over TCP; the others' over UDP.
  for (const [index, party] of everyone.entries()) {
    const expected = party === witness ? 'tcp' : 'udp';
    const selected = await eventually(
      `${names[index]}'s send and receive transports to select a candidate pair`,
      () => party.selectedCandidateProtocols(),
      (found) => found.length === 2,
    );
    expect(selected.map((candidate) => candidate.protocol)).toEqual([expected, expected]);
  }

  // Every camera is sent in three simulcast layers (how many of them flow at a moment is the
  // browser's call, by CPU and bandwidth): the server can give each viewer the one its tile needs.
  for (const [index, party] of everyone.entries()) {
    await eventually(
      `${names[index]}'s camera to be sent in three simulcast layers`,
      async () => (await party.sendStats()).filter((entry) => entry.source === 'camera').map((entry) => entry.rid).sort(),
      (rids) => JSON.stringify(rids) === JSON.stringify(['r0', 'r1', 'r2']),
      { timeoutMs: 15_000 },
    );
  }

  const screenshot = process.env.CROSSCOURT_E2E_SCREENSHOT;
  if (screenshot) await judge.page.screenshot({ path: screenshot });

  // The witness leaves: its tile disappears from the other two pages.
  await witness.page.locator('#leave').click();
  await witness.page.locator('#join-screen').waitFor({ state: 'visible' });
  expect((await witness.state()).phase).toBe('left');
  for (const [party, stillThere] of [
    [judge, names[1]],
    [counsel, names[0]],
  ] as const) {
    await party.remoteTile(ids[2]!).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await party.remoteTileNames()).toEqual([stillThere]);
  }
}, 180_000);

test('a party who mutes their microphone is shown muted to the judge, its producer is paused on the server, and the speaker is highlighted, never a muted one', async () => {
  const hearing = await openCase('Judge Amara Okafor');
  const room = hearing.hearingId;
  const judge = await join({ hearing, name: 'Judge Amara Okafor', judge: true });
  const party = await join({ hearing, name: 'Ms Ana Souza' });
  const [judgeId, partyId] = await Promise.all([judge.participantId(), party.participantId()]);
  const partyTileOnJudgesPage = judge.remoteTile(partyId);
  const micOf = (participantId: string) =>
    server.rooms.get(room)?.publishedProducers().find((p) => p.participantId === participantId && p.source === 'microphone');
  await eventually('both microphones on the server', async () => [micOf(judgeId), micOf(partyId)], (mics) => mics.every(Boolean));

  // The judge falls silent; the party's fake microphone keeps beeping, so the party is the speaker.
  await judge.page.click('#toggle-microphone');
  await eventually("the judge's microphone paused on the server", async () => micOf(judgeId)?.paused, (paused) => paused === true);
  await eventually("the party's tile highlighted as speaking on the judge's page", () =>
    partyTileOnJudgesPage.evaluate((tile) => tile.classList.contains('tile--speaking')), (speaking) => speaking);

  await party.page.click('#toggle-microphone');
  await eventually("the party's microphone paused on the server", async () => micOf(partyId)?.paused, (paused) => paused === true);
  await eventually("the party's tile shown muted on the judge's page", () =>
    partyTileOnJudgesPage.evaluate((tile) => tile.classList.contains('tile--mic-muted')), (muted) => muted);
  await eventually("the muted party's tile no longer highlighted as speaking", () =>
    partyTileOnJudgesPage.evaluate((tile) => tile.classList.contains('tile--speaking')), (speaking) => !speaking);

  await party.page.click('#toggle-microphone');
  await eventually("the party's microphone resumed on the server", async () => micOf(partyId)?.paused, (paused) => paused === false);
  await eventually("the party's tile no longer shown muted", () =>
    partyTileOnJudgesPage.evaluate((tile) => tile.classList.contains('tile--mic-muted')), (muted) => !muted);
}, 90_000);

test('a party who refuses the camera and microphone is told how to allow them, and still watches and listens', async () => {
  const hearing = await openCase('Arbitrator Chen');
  const refuseCapture = `
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  `;
  const arbitrator = await join({ hearing, name: 'Arbitrator Chen', judge: true });
  const observer = await join({ hearing, name: 'Observer Dubois', initScript: refuseCapture });

  const notice = observer.page.locator('[data-notice="capture"]');
  await notice.waitFor({ state: 'visible' });
  expect(await notice.innerText()).toContain(fillMessage(en['capture.denied'], { devices: en['device.cameraAndMicrophone'] }));
  await expect(notice.getByRole('button', { name: en['capture.retry'] }).count()).resolves.toBe(1);

  const observerId = await observer.participantId();
  expect((await observer.state()).sending).toEqual({ microphone: false, camera: false });
  await observer.receivesMediaFrom([await arbitrator.participantId()]);

  // The arbitrator sees the observer in the room, as someone who only watches and listens.
  const observerTile = arbitrator.remoteTile(observerId);
  await observerTile.waitFor({ state: 'visible' });
  expect(await observerTile.locator('.tile__name').innerText()).toBe('Observer Dubois');
  expect(await observerTile.locator('.tile__placeholder-text').innerText()).toBe(en['tile.listenerOnly']);
}, 120_000);

test('the page speaks Simplified Chinese when opened with ?lang=zh-CN, and switches language in place', async () => {
  const party = await HearingParty.open(browser, server.url, { lang: 'zh-CN' });
  parties.push(party);
  const joinButton = party.page.locator('#join-button');
  await expect(joinButton.innerText()).resolves.toBe(zhCN['join.submit']);
  await expect(party.page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  await expect(party.page.title()).resolves.toBe(zhCN['app.title']);

  await party.page.locator('#language').selectOption('en');
  await expect(joinButton.innerText()).resolves.toBe(en['join.submit']);
  await expect(party.page.locator('.field__label').first().innerText()).resolves.toBe(en['join.hearingId']);
}, 60_000);

test('a party whose connection drops is told it is reconnecting, and comes back into the hearing with picture and sound', async () => {
  const hearing = await openCase('Clerk Sato');
  const clerk = await join({ hearing, name: 'Clerk Sato', judge: true });
  const counsel = await join({ hearing, name: 'Counsel Rossi' });
  const clerkId = await clerk.participantId();
  const firstId = await counsel.participantId();
  await counsel.receivesMediaFrom([clerkId]);

  socketOf(firstId).conn.close(); // the network under the signalling connection fails
  await counsel.hasShownNotice('connection', en['notice.connectionLost']);

  // Back in as the same participant (their place in the case), the same name on the clerk's page.
  await counsel.hasShownNotice('connection', en['notice.connectionRestored']);
  const state = await eventually('counsel to rejoin', () => counsel.state(), (s) => s.joined);
  expect(state.self?.participantId).toBe(firstId);
  await clerk.remoteTile(firstId).waitFor({ state: 'visible' });
  expect(await clerk.remoteTileNames()).toEqual(['Counsel Rossi']);
  await Promise.all([counsel.receivesMediaFrom([clerkId]), clerk.receivesMediaFrom([firstId])]);
}, 120_000);

test('when the media worker dies, every party is told and sees and hears the others again', async () => {
  const hearing = await openCase('Mediator Haddad');
  const room = hearing.hearingId;
  const mediator = await join({ hearing, name: 'Mediator Haddad', judge: true });
  const claimant = await join({ hearing, name: 'Claimant Novak' });
  const [mediatorId, claimantId] = await Promise.all([mediator.participantId(), claimant.participantId()]);
  await mediator.receivesMediaFrom([claimantId]);

  process.kill(server.rooms.get(room)!.mediaWorker.worker.pid, 'SIGKILL');

  for (const party of [mediator, claimant]) {
    await party.hasShownNotice('media', en['notice.mediaReconnecting']);
    await party.hasShownNotice('media', en['notice.mediaRestored']);
  }
  await Promise.all([mediator.receivesMediaFrom([claimantId]), claimant.receivesMediaFrom([mediatorId])]);
}, 120_000);
