// End to end: interpretation and the official recording in headless Chromium, against the real
// court server. A party who reads Chinese chooses the zh channel in the page's picker, another
// the en channel; the interpreter (en ⇄ zh, into zh) speaks through the fake microphone. The zh
// listener's page receives the interpreter's audio packets and ducks the floor under them; the en
// listener's page never receives one (and the SFU holds no consumer for it) until the interpreter
// switches direction in the console. The judge sees who interprets what; when the judge starts the
// recording every party's page shows the indicator. Build the client first (`npm run build:client`).
import type { Browser } from 'playwright-core';
import type { types } from '../../media/mediasoup.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { startTestCourt, watchConsumers } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { eventually, HearingParty, launchChromium, type InboundRtpEntry } from './hearingParty.js';
import { takeTurnsWithMedia } from './mediaTurns.js';

const JUDGE = 'Judge Amara Okafor';
const ZH_LISTENER = 'Wang Fang';
const EN_LISTENER = 'Ana Souza';
const INTERPRETER = 'Interpreter Chen';

let server: RunningCourtServer;
let browser: Browser;
let hearing: HearingCase;
const pages: HearingParty[] = [];
let watched = new Set<types.Consumer>();

interface Person {
  page: HearingParty;
  id: string;
}
let judge: Person;
let zhListener: Person;
let enListener: Person;
let interpreter: Person;


takeTurnsWithMedia();

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestCourt(), launchChromium()]);
  watched = watchConsumers(server);
  hearing = await HearingCase.open(server, JUDGE);
  const zh = await hearing.participant(ZH_LISTENER, 'respondent', { locale: 'zh-CN' });
  const en = await hearing.participant(EN_LISTENER, 'claimant');
  // Assigned en → zh: they start interpreting into zh.
  const chen = await hearing.participant(INTERPRETER, 'interpreter', { languagePair: { from: 'en', to: 'zh' } });
  await hearing.preAdmit(zh.participantId, en.participantId, chen.participantId);
  const open = async (accessToken: string, displayName: string, id: string, lang?: string): Promise<Person> => {
    const page = await HearingParty.open(browser, server.url, { hearingId: hearing.hearingId, session: { accessToken, displayName }, autojoin: true, cameraHeight: 180, ...(lang ? { lang } : {}) });
    pages.push(page);
    // A voice the page failed to receive is logged there, not thrown: show it with the test's output.
    page.page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') console.warn(`[${displayName}] ${message.text()}`);
    });
    return { page, id };
  };
  judge = await open(await hearing.judgePass(), JUDGE, hearing.presidingId);
  interpreter = await open(chen.token, INTERPRETER, chen.participantId);
  zhListener = await open(zh.token, ZH_LISTENER, zh.participantId, 'zh-CN');
  enListener = await open(en.token, EN_LISTENER, en.participantId);
  // Generous waits throughout: four browsers and a media server share two cores with whatever else runs.
  await Promise.all([judge, interpreter, zhListener, enListener].map((person) => eventually('the page to join', () => person.page.state(), (state) => state.joined, { timeoutMs: 120_000 })));
}, 240_000);

afterAll(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

/** The interpreter's voice producer, as the SFU holds it. */
function voice() {
  return server.rooms.get(hearing.hearingId)?.publishedProducers().find((p) => p.participantId === interpreter.id && p.source === 'interpretation');
}

/** Open consumers the SFU holds of the interpreter's voice, by whom. */
function voiceConsumers(): string[] {
  const producerId = voice()?.producerId;
  return [...watched].filter((c) => !c.closed && c.producerId === producerId && typeof c.appData.participantId === 'string').map((c) => c.appData.participantId as string);
}

function voicePackets(stats: InboundRtpEntry[]): number | undefined {
  return stats.find((s) => s.participantId === interpreter.id && s.source === 'interpretation')?.packetsReceived;
}

/** Waits until the page receives more of the interpreter's audio packets from one sample to the next. */
async function receivesVoice(person: Person): Promise<void> {
  await eventually(
    "the interpreter's audio packets to keep arriving",
    async () => {
      const before = voicePackets(await person.page.receiveStats()) ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { before, after: voicePackets(await person.page.receiveStats()) ?? 0 };
    },
    ({ before, after }) => before > 0 && after > before,
    { timeoutMs: 90_000, intervalMs: 0 },
  );
}

/** Samples the page's stats for a while: not one packet of the interpreter's voice, ever. */
async function neverReceivesVoice(person: Person, forMs = 6_000): Promise<void> {
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    expect(voicePackets(await person.page.receiveStats())).toBeUndefined();
    expect(voiceConsumers()).not.toContain(person.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** In one look (the page does nothing in between): the floor's gain, the status line, the judge's tile volume. */
async function floorSeenBy(person: Person): Promise<{ gain: number; status: string | null; text: string; judgesVolume: number }> {
  return person.page.page.evaluate((judgeId) => {
    const doc = (globalThis as unknown as { document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null; volume?: number } | null } }).document;
    const hook = (globalThis as unknown as { crosscourt: { state: { interpretation: { floorGain: number } } } }).crosscourt;
    const status = doc.querySelector('[data-listening-status]');
    const audio = doc.querySelector(`.tile--remote[data-participant-id="${judgeId}"] audio`);
    return { gain: hook.state.interpretation.floorGain, status: status?.getAttribute('data-floor-gain') ?? null, text: (status?.textContent ?? '').trim(), judgesVolume: audio?.volume ?? -1 };
  }, judge.id);
}

async function chooseChannel(person: Person, channel: string): Promise<void> {
  const picker = person.page.page.locator('[data-panel="listening"] [data-field="listen-channel"]');
  await picker.locator(`option[value="${channel}"]`).waitFor({ state: 'attached', timeout: 60_000 });
  await picker.selectOption(channel);
  await eventually(`the court to have the page listen to ${channel}`, () => person.page.state(), (s) => s.courtroom?.you.listening === channel, { timeoutMs: 60_000 });
}

test('each listener chooses a language channel in the picker; the interpreter’s console shows the direction and the source heard', async () => {
  await chooseChannel(zhListener, 'zh');
  await chooseChannel(enListener, 'en');
  // The picker speaks the page's language.
  const zhPanel = zhListener.page.page.locator('[data-panel="listening"]');
  expect(await zhPanel.locator('h2').innerText()).toBe(zhCN['listening.heading']);
  expect(await zhPanel.locator('option[value="floor"]').innerText()).toBe(zhCN['listening.floor']);

  const console = interpreter.page.page.locator('[data-panel="interpreter"]');
  await console.waitFor({ timeout: 60_000 });
  await eventually('the console to show the direction into zh', () => console.locator('[data-into]').getAttribute('data-into'), (into) => into === 'zh', { timeoutMs: 60_000 });
  expect(await console.locator('[data-hearing]').getAttribute('data-hearing')).toBe('floor');
  expect(await console.locator('[data-field="interpreter-source"]').inputValue()).toBe('floor');
  expect(await console.locator('[data-action="switch-direction"]').getAttribute('data-to')).toBe('en');
  expect(await console.locator('[data-on-air]').getAttribute('data-on-air')).toBe('true');
  expect(await console.innerText()).toContain(en['interpreter.alone']);
  // An interpreter picks a source, not a listener's channel.
  expect(await interpreter.page.page.locator('[data-panel="listening"]').isHidden()).toBe(true);

  // Their microphone feeds the channel, not the floor.
  await eventually("the interpreter's voice in the SFU", async () => voice(), (v) => v !== undefined, { timeoutMs: 60_000 });
  const producers = server.rooms.get(hearing.hearingId)!.publishedProducers().filter((p) => p.participantId === interpreter.id);
  expect(producers.map((p) => p.source).sort()).toEqual(['camera', 'interpretation']);

  // The microphone meter follows the (fake, beeping) microphone once a click lets audio start.
  await console.locator('h2').click();
  await eventually('the microphone meter to move', async () => Number(await console.locator('meter').getAttribute('data-level')), (level) => level > 0, { timeoutMs: 30_000, intervalMs: 100 });
}, 150_000);

test('the zh listener’s page receives the interpreter’s audio; the en listener’s page never does', async () => {
  await receivesVoice(zhListener);
  await neverReceivesVoice(enListener);
  expect(voiceConsumers()).toEqual([zhListener.id]);
  // Nor does the judge on the floor.
  expect(voicePackets(await judge.page.receiveStats())).toBeUndefined();
}, 150_000);

test('under the interpreter the zh listener hears the floor at their reduced level, and at full volume when the interpreter is silent', async () => {
  const page = zhListener.page;
  const slider = page.page.locator('[data-field="floor-volume"]');
  // The court's default until the listener moves the slider.
  expect(await slider.inputValue()).toBe('20');
  expect((await page.state()).interpretation.floorVolume).toBeCloseTo(0.2);
  // A click (which also lets the browser start audio) sets the level where it lands.
  await slider.click();
  const { floorVolume } = (await eventually('the slider to set a new level', () => page.state(), (s) => Math.abs(s.interpretation.floorVolume - 0.2) > 0.01)).interpretation;
  expect(floorVolume).toBeGreaterThan(0);
  expect(floorVolume).toBeLessThan(1);
  // The fake microphone beeps twice a second: the floor goes down under the voice, in the
  // listener's status line and in the floor's audio elements (the judge's tile).
  await eventually('the floor ducked under the interpreter', () => floorSeenBy(zhListener), (seen) => seen.gain === floorVolume && seen.status === floorVolume.toFixed(2) && Math.abs(seen.judgesVolume - floorVolume) < 0.01, { timeoutMs: 30_000, intervalMs: 50 });

  // The interpreter falls silent (mutes): the floor comes back to full volume.
  const mute = interpreter.page.page.locator('#toggle-microphone');
  await mute.click();
  const silent = await eventually('the floor back at full volume', () => floorSeenBy(zhListener), (seen) => seen.gain === 1 && seen.judgesVolume === 1, { timeoutMs: 30_000, intervalMs: 100 });
  expect(silent.text).toBe(zhCN['listening.interpreterSilent']);
  await mute.click();
  await eventually('the floor ducked again when the interpreter speaks', () => floorSeenBy(zhListener), (seen) => seen.gain === floorVolume, { timeoutMs: 30_000, intervalMs: 50 });
  // The en listener hears no voice: their floor is never ducked.
  expect((await enListener.page.state()).interpretation).toMatchObject({ voices: [], floorGain: 1 });
}, 150_000);

test('the judge sees who interprets what', async () => {
  const row = judge.page.page.locator(`[data-panel="interpreters"] li[data-interpreter-id="${interpreter.id}"]`);
  await row.waitFor({ timeout: 60_000 });
  expect(await row.getAttribute('data-into')).toBe('zh');
  expect(await row.getAttribute('data-source')).toBe('floor');
  expect(await row.getAttribute('data-active')).toBe('true');
  expect(await row.innerText()).toContain(INTERPRETER);
  expect(await row.innerText()).toContain(en['interpreters.onAir']);
  // The parties get no such list.
  expect(await enListener.page.page.locator('[data-panel="interpreters"]').isHidden()).toBe(true);
}, 90_000);

test('the judge switches the pair to consecutive from the console: the en listener hears the interpreter on the floor too; back to simultaneous, only the zh channel does', async () => {
  const pair = judge.page.page.locator('[data-panel="interpreters"] [data-list="interpretation-modes"] li[data-pair="en⇄zh"]');
  await pair.waitFor({ timeout: 60_000 });
  expect(await pair.getAttribute('data-consecutive')).toBe('false');
  // From the keyboard: the switch keeps the focus as the pair changes mode (its row drawn anew).
  await pair.locator('[data-action="interpretation-mode"]').focus();
  await judge.page.page.keyboard.press('Enter');
  await eventually("the judge's console to show the pair consecutive", () => pair.getAttribute('data-consecutive'), (on) => on === 'true', { timeoutMs: 30_000 });
  await receivesVoice(enListener);
  expect(voiceConsumers()).toEqual(expect.arrayContaining([zhListener.id, enListener.id]));
  await judge.page.page.keyboard.press('Enter');
  await eventually('the pair back to simultaneous', () => pair.getAttribute('data-consecutive'), (on) => on === 'false', { timeoutMs: 30_000 });
  await eventually("the en listener's page to drop the voice", () => enListener.page.receiveStats(), (stats) => voicePackets(stats) === undefined, { timeoutMs: 30_000 });
  expect(voiceConsumers()).toEqual([zhListener.id]);
}, 240_000);

test('one click in the console turns the direction: the en listener receives the voice, the zh listener no longer does', async () => {
  const console = interpreter.page.page.locator('[data-panel="interpreter"]');
  await console.locator('[data-action="switch-direction"]').click();
  await eventually('the console to show the direction into en', () => console.locator('[data-into]').getAttribute('data-into'), (into) => into === 'en');
  await receivesVoice(enListener);
  await eventually("the zh listener's page to drop the voice", () => zhListener.page.receiveStats(), (stats) => voicePackets(stats) === undefined, { timeoutMs: 20_000 });
  expect(voiceConsumers()).toEqual([enListener.id]);
  const row = judge.page.page.locator(`[data-panel="interpreters"] li[data-interpreter-id="${interpreter.id}"]`);
  await eventually("the judge's list to show the new direction", () => row.getAttribute('data-into'), (into) => into === 'en');
}, 240_000);

test('booth partners: the active interpreter offers the booth, the partner accepts it, and takes it over when the other drops', async () => {
  // A second interpreter of the same pair (assigned zh → en) comes to the booth, on standby.
  const liuPass = await hearing.participant('Interpreter Liu', 'interpreter', { languagePair: { from: 'zh', to: 'en' } });
  await hearing.preAdmit(liuPass.participantId);
  const liuPage = await HearingParty.open(browser, server.url, { hearingId: hearing.hearingId, session: { accessToken: liuPass.token, displayName: 'Interpreter Liu' }, autojoin: true, cameraHeight: 180 });
  pages.push(liuPage);
  const liu: Person = { page: liuPage, id: liuPass.participantId };
  await eventually('Liu to join', () => liu.page.state(), (state) => state.joined, { timeoutMs: 90_000 });
  const chenConsole = interpreter.page.page.locator('[data-panel="interpreter"]');
  const liuConsole = liu.page.page.locator('[data-panel="interpreter"]');
  await chenConsole.locator(`[data-partner-id="${liu.id}"]`).waitFor({ timeout: 30_000 });
  await liuConsole.locator(`[data-partner-id="${interpreter.id}"]`).waitFor({ timeout: 30_000 });
  expect(await liuConsole.locator('[data-on-air]').getAttribute('data-on-air')).toBe('false');
  expect(await liuConsole.locator('[data-action="takeOver"]').count()).toBe(0); // the active partner is here
  // The partner hears the active interpreter on the private booth channel.
  await eventually("Liu's page to receive Chen's voice", () => liu.page.receiveStats(), (stats) => (voicePackets(stats) ?? 0) > 0, { timeoutMs: 45_000 });

  await chenConsole.locator('[data-action="offerHandover"]').click();
  await chenConsole.locator('[data-offer="made"]').waitFor({ timeout: 30_000 });
  // Liu reaches "accept" with the keyboard; the judge locks the room meanwhile (everyone's view
  // changes): the button keeps the focus, and Enter takes the booth.
  await liuConsole.locator('[data-action="acceptHandover"]').focus();
  const lock = judge.page.page.locator('#judge-console [data-action="lock"]');
  await lock.click();
  await eventually("Liu's page to show the room locked", () => liu.page.state(), (state) => state.courtroom?.locked === true);
  expect(await liuConsole.locator('[data-action="acceptHandover"]:focus').count()).toBe(1);
  await liu.page.page.keyboard.press('Enter');
  await lock.click();
  await eventually('Liu on air', () => liuConsole.locator('[data-on-air]').getAttribute('data-on-air'), (onAir) => onAir === 'true');
  await eventually('Chen on standby', () => chenConsole.locator('[data-on-air]').getAttribute('data-on-air'), (onAir) => onAir === 'false');
  // Liu speaks into the channel the booth was feeding (en): the en listener now hears Liu.
  expect(await liuConsole.locator('[data-into]').getAttribute('data-into')).toBe('en');
  await eventually(
    "the en listener's page to receive Liu's voice",
    () => enListener.page.receiveStats(),
    (stats) => (stats.find((s) => s.participantId === liu.id && s.source === 'interpretation')?.packetsReceived ?? 0) > 0,
    { timeoutMs: 45_000 },
  );
  const row = judge.page.page.locator(`[data-panel="interpreters"] li[data-interpreter-id="${liu.id}"]`);
  await eventually("the judge's list to show Liu on air", () => row.getAttribute('data-active'), (active) => active === 'true', { timeoutMs: 30_000 });

  // Liu's connection drops: Chen may take the booth back at once.
  pages.splice(pages.indexOf(liuPage), 1);
  await liuPage.close();
  await chenConsole.locator('[data-action="takeOver"]').waitFor({ timeout: 30_000 });
  await chenConsole.locator('[data-action="takeOver"]').click();
  await eventually('Chen on air again', () => chenConsole.locator('[data-on-air]').getAttribute('data-on-air'), (onAir) => onAir === 'true');
  await receivesVoice(enListener);
}, 300_000);

test('when the judge starts the recording every party’s page shows the indicator, in its language; stopping it takes it away', async () => {
  const indicator = (person: Person) => person.page.page.locator('#recording-indicator');
  expect(await indicator(enListener).isHidden()).toBe(true);
  // Only the judge (and the clerk) get the control.
  expect(await enListener.page.page.locator('[data-panel="recording"]').isHidden()).toBe(true);

  const control = judge.page.page.locator('[data-panel="recording"]');
  await eventually("the judge's recording control", () => control.isHidden(), (hidden) => !hidden);
  await control.locator('[data-action="start-recording"]').click();
  // Starting spawns a recorder per producer: slow on a busy machine.
  await eventually('the court to record', async () => ({ recording: (await enListener.page.state()).courtroom?.recording, refusals: await judge.page.noticesSeen('courtroom') }), (r) => r.recording === true, { timeoutMs: 60_000 });
  await indicator(enListener).waitFor({ state: 'visible', timeout: 30_000 });
  expect((await indicator(enListener).innerText()).trim()).toBe(en['recording.indicator']);
  await indicator(zhListener).waitFor({ state: 'visible', timeout: 30_000 });
  expect((await indicator(zhListener).innerText()).trim()).toBe(zhCN['recording.indicator']);
  await indicator(judge).waitFor({ state: 'visible', timeout: 30_000 });

  // Stopping closes every file and puts its hash on the ledger before the court says so.
  await control.locator('[data-action="stop-recording"]').click();
  await indicator(enListener).waitFor({ state: 'hidden', timeout: 90_000 });
  await indicator(zhListener).waitFor({ state: 'hidden', timeout: 30_000 });
}, 240_000);

test('the listener’s channel is remembered: after reloading the page the picker shows it again', async () => {
  await zhListener.page.page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
  await eventually('the reloaded page to join again', () => zhListener.page.state(), (s) => s.joined && s.courtroom !== null, { timeoutMs: 60_000 });
  const picker = zhListener.page.page.locator('[data-panel="listening"] [data-field="listen-channel"]');
  await eventually('the picker to show zh', () => picker.inputValue(), (value) => value === 'zh');
}, 120_000);
