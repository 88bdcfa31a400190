// End to end: sharing a screen in headless Chromium, against the real court server. A party
// without the court's leave finds "Share screen" disabled and a forced attempt refused; with
// leave their screen reaches the judge's page on a large stage with their name; when the judge
// withdraws leave, or the browser's own "Stop sharing" ends the capture, sharing stops on both
// pages and in the SFU. Build the client first (`npm run build:client`; `npm test` does it).
//
// Chromium's fake media flags (see launchChromium) make getDisplayMedia pick a fake screen (a
// 1280×720 test pattern, "screen:-3:0") at once: no picker and no further flag is needed.
import type { Browser } from 'playwright-core';
import type { types } from '../../media/mediasoup.js';
import { spatialLayerForTile } from '../../media/simulcastLayers.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { startTestCourt, watchConsumers } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { eventually, fillMessage, HearingParty, launchChromium, type InboundRtpEntry } from './hearingParty.js';
import { takeTurnsWithMedia } from './mediaTurns.js';

const JUDGE = 'Judge Amara Okafor';
const CLAIMANT = 'Zhang Wei';

/** Keeps every screen track the page captures, to check that a stopped share releases it. */
const KEEP_SCREEN_TRACKS = `(() => {
  const tracks = [];
  Object.defineProperty(window, '__screenTracks', { value: tracks });
  const original = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getDisplayMedia = async (options) => {
    const stream = await original(options);
    tracks.push(...stream.getVideoTracks());
    return stream;
  };
})();`;

let server: RunningCourtServer;
let browser: Browser;
let hearing: HearingCase;
let judge: HearingParty;
let party: HearingParty;
let partyId: string;
const parties: HearingParty[] = [];
/** Every consumer the SFU holds, as the media layer itself reports them. */
let watched = new Set<types.Consumer>();


takeTurnsWithMedia();

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestCourt(), launchChromium()]);
  watched = watchConsumers(server);
  hearing = await HearingCase.open(server, JUDGE);
  const claimant = await hearing.participant(CLAIMANT, 'claimant');
  partyId = claimant.participantId;
  await hearing.preAdmit(partyId);
  const open = async (accessToken: string, displayName: string, extra: { lang?: string; initScript?: string } = {}) => {
    const page = await HearingParty.open(browser, server.url, { hearingId: hearing.hearingId, session: { accessToken, displayName }, autojoin: true, cameraHeight: 180, ...extra });
    parties.push(page);
    return page;
  };
  judge = await open(await hearing.judgePass(), JUDGE);
  // The party reads the hearing in Chinese: the refusal must be explained in their language.
  party = await open(claimant.token, CLAIMANT, { lang: 'zh-CN', initScript: KEEP_SCREEN_TRACKS });
  await Promise.all([judge.participantId(), party.participantId()]);
}, 90_000);

afterAll(async () => {
  await Promise.all(parties.splice(0).map((page) => page.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

const shareButton = (page: HearingParty) => page.page.locator('#share-screen');
const screenStage = (page: HearingParty) => page.page.locator('#screen-stage');

/** The party's screen producer, as the SFU holds it. */
function partyScreen() {
  return server.rooms.get(hearing.hearingId)?.publishedProducers().find((p) => p.participantId === partyId && p.source === 'screen');
}

function screenFrom(stats: InboundRtpEntry[]): { frames: number; packets: number } | undefined {
  const entry = stats.find((s) => s.participantId === partyId && s.source === 'screen');
  return entry && { frames: entry.framesDecoded, packets: entry.packetsReceived };
}

/** Whether every screen the party's browser captured has been released (its capture ended). */
function partyCapturesReleased(): Promise<boolean> {
  return party.page.evaluate(`window.__screenTracks.every((track) => track.readyState === 'ended')`) as Promise<boolean>;
}

async function setLeave(allowed: boolean): Promise<void> {
  // The judge clicks the party's leave button in the console.
  const row = judge.page.locator(`#judge-console [data-attendee-id="${partyId}"]`);
  await row.locator(`[data-action="${allowed ? 'allow-presenting' : 'withdraw-presenting'}"]`).click();
  await eventually("the judge's console to show the party's leave", () => row.locator('[data-may-present]').count(), (n) => n === (allowed ? 1 : 0));
  await eventually(`the party to be told its leave is ${allowed ? 'given' : 'withdrawn'}`, () => party.state(), (s) => s.courtroom?.you.mayPresent === allowed);
}

async function partyShares(): Promise<void> {
  await eventually('"Share screen" enabled for the party', () => shareButton(party).isEnabled(), (enabled) => enabled);
  await shareButton(party).click();
  await eventually('the party to be sharing', () => party.state(), (s) => s.sharingScreen);
  await eventually("the party's screen producer in the SFU", async () => partyScreen(), (p) => p !== undefined);
}

/** Sharing has stopped everywhere: the party's button, its capture, the SFU, the judge's stage. */
async function sharingStopped(): Promise<void> {
  await eventually('the party to stop sharing', () => party.state(), (s) => !s.sharingScreen);
  await eventually("the party's button to offer sharing again", () => shareButton(party).innerText(), (text) => text.trim() === zhCN['controls.shareScreen']);
  await eventually("the party's screen capture to be released", partyCapturesReleased, (released) => released);
  expect(partyScreen()).toBeUndefined();
  await eventually("the judge's screen stage to close", () => screenStage(judge).isHidden(), (hidden) => hidden);
  await eventually("the judge's page to receive no screen", () => judge.receiveStats(), (stats) => screenFrom(stats) === undefined);
}

test('without the court’s leave a party cannot share: the control is disabled and a forced attempt is refused with NOT_PRESENTER, in their language', async () => {
  // The presiding judge may always present.
  await eventually('"Share screen" enabled for the judge', () => shareButton(judge).isEnabled(), (enabled) => enabled);
  expect((await shareButton(judge).innerText()).trim()).toBe(en['controls.shareScreen']);

  await eventually('the party to see the courtroom', () => party.state(), (s) => s.courtroom?.you.seat === 'main');
  expect(await shareButton(party).isDisabled()).toBe(true);
  expect(await shareButton(party).getAttribute('title')).toBe(zhCN['screen.needsLeave']);

  await expect(party.shareScreen()).resolves.toEqual({ ok: false, code: 'NOT_PRESENTER' });
  await party.hasShownNotice('court', zhCN['screen.refused.NOT_PRESENTER']);
  expect(await partyCapturesReleased()).toBe(true);
  expect(partyScreen()).toBeUndefined();
  expect((await party.state()).sharingScreen).toBe(false);
  expect(await screenStage(judge).isHidden()).toBe(true);
}, 60_000);

test('with leave the party shares: the judge sees the screen on a large stage with the party’s name, at the layer that fits the stage', async () => {
  await setLeave(true);
  await partyShares();
  expect((await shareButton(party).innerText()).trim()).toBe(zhCN['controls.stopSharing']);
  expect(server.rooms.get(hearing.hearingId)!.publishedProducers().filter((p) => p.participantId === partyId).map((p) => p.source).sort()).toEqual(['camera', 'microphone', 'screen']);

  const stage = screenStage(judge);
  await stage.waitFor({ state: 'visible', timeout: 30_000 });
  expect(await stage.getAttribute('data-presenter-id')).toBe(partyId);
  expect(await stage.locator('[data-screen="presenter"]').innerText()).toBe(fillMessage(en['screen.presenter'], { name: CLAIMANT }));

  // Video packets and decoded frames of the screen keep arriving at the judge's page.
  await eventually(
    "the screen's video to flow to the judge's page",
    async () => {
      const before = screenFrom(await judge.receiveStats());
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { before, after: screenFrom(await judge.receiveStats()) };
    },
    ({ before, after }) => before !== undefined && after !== undefined && after.packets > before.packets && after.frames > before.frames,
    { timeoutMs: 60_000, intervalMs: 0 },
  );
  await eventually("the judge's stage to show a picture", () => stage.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth), (width) => width > 0);

  // The judge's page reports the stage's size: the SFU forwards the simulcast layer that fits it.
  const following = await eventually(
    "the judge's screen consumer to follow the stage's size",
    async () => {
      const consumer = judgeScreenConsumer();
      return { type: consumer?.type, layer: consumer?.preferredLayers?.spatialLayer, stageHeight: (await stage.locator('video').boundingBox())?.height ?? 0 };
    },
    ({ layer, stageHeight }) => layer === spatialLayerForTile(Math.round(stageHeight)),
  );
  expect(following.type).toBe('simulcast');
  expect(following.stageHeight).toBeGreaterThan(200); // a large stage, not a tile
}, 120_000);

test('when the judge withdraws leave, sharing stops on both pages and the party is told why', async () => {
  await setLeave(false);
  await sharingStopped();
  await party.hasShownNotice('court', zhCN['screen.leaveWithdrawn']);
  expect(await shareButton(party).isDisabled()).toBe(true);
  // Their camera is untouched: only the screen was the court's leave.
  expect(server.rooms.get(hearing.hearingId)!.publishedProducers().some((p) => p.participantId === partyId && p.source === 'camera')).toBe(true);
}, 60_000);

test("the browser's own \"Stop sharing\" ends sharing on both pages", async () => {
  await setLeave(true);
  await partyShares();
  await screenStage(judge).waitFor({ state: 'visible', timeout: 30_000 });
  // What the browser's sharing bar does: the capture ends, and the track says so.
  await party.page.evaluate(`(() => { const track = window.__screenTracks.at(-1); track.stop(); track.dispatchEvent(new Event('ended')); })()`);
  await sharingStopped();
  expect(await shareButton(party).isEnabled()).toBe(true); // leave stands: they may share again
}, 90_000);

/** The judge's consumer of the party's screen, as the SFU holds it. */
function judgeScreenConsumer(): types.Consumer | undefined {
  const producerId = partyScreen()?.producerId;
  return [...watched].find((c) => !c.closed && c.producerId === producerId && c.appData.participantId === hearing.presidingId);
}
