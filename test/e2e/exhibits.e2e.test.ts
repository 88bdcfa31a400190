// End to end: the judge shows an exhibit to the room from the console; the party's page shows the
// same item at the same page as the judge turns pages, and the showing is on its chain of custody.
import type { Browser } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { ApiClient, fileEvidence } from '../helpers/caseRecordClient.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
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

afterAll(async () => {
  await Promise.all(parties.map((party) => party.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

async function open(hearing: HearingCase, accessToken: string, displayName: string): Promise<HearingParty> {
  const party = await HearingParty.open(browser, server.url, { hearingId: hearing.hearingId, session: { accessToken, displayName }, autojoin: true, cameraHeight: 180 });
  parties.push(party);
  return party;
}

test('the judge shows an exhibit from the console: the party sees the same item and page as the judge turns pages', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara Okafor');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  await hearing.preAdmit(claimant.participantId);
  const filer = new ApiClient(server.url, claimant.token);
  const exhibit = await filer.ok(fileEvidence(filer, hearing.caseId, Buffer.from('Bill of lading no. 42\nShipped in apparent good order.'), { title: 'Bill of lading', contentType: 'text/plain' }));

  const judge = await open(hearing, await hearing.judgePass(), 'Judge Amara Okafor');
  const party = await open(hearing, claimant.token, 'Zhang Wei');
  await party.participantId();

  const choice = judge.page.locator('#exhibit-stage [data-exhibit="choice"]');
  await choice.locator(`option[value="${exhibit.id}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  await choice.selectOption(exhibit.id);
  await judge.page.locator('#exhibit-stage [data-action="exhibit-present"]').click();

  const stage = party.page.locator('#exhibit-stage');
  await stage.locator('.exhibit__title').filter({ hasText: 'Bill of lading' }).waitFor({ timeout: 30_000 });
  await expect(stage.locator('[data-exhibit="content"] pre').innerText()).resolves.toContain('Bill of lading no. 42');
  await expect(stage.locator('[data-exhibit="page"]').innerText()).resolves.toBe(fillMessage(en['exhibit.page'], { page: '1' }));
  // Only the presenter (the judge here) has the page controls.
  await expect(stage.locator('[data-action="exhibit-next"]').count()).resolves.toBe(0);

  // The judge turns the pages from the keyboard: "next" keeps the focus as the page changes.
  const next = judge.page.locator('#exhibit-stage [data-action="exhibit-next"]');
  await next.focus();
  await judge.page.keyboard.press('Enter');
  await eventually('the party to be on page 2', () => stage.getAttribute('data-page'), (page) => page === '2');
  // "Next" is busy until the court has answered the judge (a press meanwhile sends nothing), and
  // the next page is counted from the page the judge's stage shows: the court's answer can come
  // before the judge's own new view (views are sent a moment later, coalesced).
  await eventually('the court to answer the page turn', () => next.getAttribute('aria-disabled'), (busy) => busy === null);
  await eventually("the judge's stage to show page 2", () => judge.page.locator('#exhibit-stage').getAttribute('data-page'), (page) => page === '2');
  await judge.page.keyboard.press('Enter');
  await eventually('the party to be on page 3', () => stage.getAttribute('data-page'), (page) => page === '3');

  const custody = await new ApiClient(server.url, claimant.token).ok(new ApiClient(server.url, claimant.token).get(`/cases/${hearing.caseId}/evidence/${exhibit.id}/custody`));
  expect(custody.lines.map((line: { event: string }) => line.event)).toContain('presented');

  await judge.page.locator('#exhibit-stage [data-action="exhibit-stop"]').click();
  await eventually('the exhibit to close on the party page', () => stage.isHidden(), (hidden) => hidden);
}, 120_000);
