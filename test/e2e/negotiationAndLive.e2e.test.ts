// End to end: the stages around the asynchronous trial on the case page (client/court.html) in
// headless Chromium against a real court server. In negotiation the claimant's page makes an
// offer, the respondent's page counters it and the claimant's page accepts: both pages show the
// case settled on the agreed terms, and the judge's page is told the case is closed when it tries
// to schedule a hearing. In mediation the mediator's page holds a private caucus with the
// claimant's side: it appears on the claimant's page, labelled, and never on the respondent's.
// In trial the judge's page moves one claim to a live hearing from the trial view; the hearings
// list says what it covers and the timeline reads the round and the hearing by name, in time order.
// Build the client first (`npm run build:client`).
import type { Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { redeem, type ApiClient } from '../helpers/caseRecordClient.js';
import { eventually, fillMessage } from './hearingParty.js';
import { recordHookOf, recordPagesSuite, type RecordPages } from './recordPages.js';

interface RecordHook {
  trial: { inbox: 'connecting' | 'connected' | 'offline'; pushes: string[] } | null;
}

const JUDGE = 'judge-negotiation-e2e';
const MEDIATOR = 'mediator-negotiation-e2e';
const DAY = 24 * 3600_000;
const OFFER = `The respondent pays 50,000 USD for the goods by 1 May (${process.pid}).`;
const COUNTER = `The respondent pays 42,000 USD and keeps the defective lot (${process.pid}).`;
const CAUCUS_TITLE = `Your bottom line (${process.pid})`;
const CAUCUS_QUESTION = `What is the least your side would accept, in confidence? (${process.pid})`;
const HEARING_TITLE = `Hearing on the price (${process.pid})`;

const suite = recordPagesSuite({ TRIAL_CLOCK_SECONDS: '1' }, [
  { username: JUDGE, role: 'judge', displayName: 'Judge Okafor' },
  { username: MEDIATOR, role: 'mediator', displayName: 'Mediator Haddad' },
]);
let server: RunningCourtServer;
let judgeApi: ApiClient;
let judgePages: RecordPages;
let mediatorPages: RecordPages;
beforeAll(() => {
  server = suite.server;
  judgeApi = suite.api(JUDGE);
  judgePages = suite.pages(JUDGE);
  mediatorPages = suite.pages(MEDIATOR);
});

/** A case at `stage` with a claimant in Shanghai and a respondent in São Paulo (and a mediator, in mediation), both consenting to the async trial unless in negotiation. */
async function disputeCase(title: string, stage: 'negotiation' | 'mediation' | 'trial') {
  const caseId = (await judgeApi.ok(judgeApi.post('/cases', { title, languages: ['en', 'zh'], locale: 'en', timeZone: 'Europe/London' }))).id as string;
  const add = (body: object) => judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants`, body));
  const claimant = await add({ role: 'claimant', displayName: 'Zhang Wei', locale: 'en', timeZone: 'Asia/Shanghai' });
  const respondent = await add({ role: 'respondent', displayName: 'Ana Silva', locale: 'en', timeZone: 'America/Sao_Paulo' });
  const mediator = stage === 'mediation' ? await add({ role: 'mediator', displayName: 'Mediator Haddad', locale: 'en', timeZone: 'Europe/London', username: MEDIATOR }) : undefined;
  const judgeId = (await judgeApi.ok(judgeApi.get(`/cases/${caseId}`))).you.id as string;
  if (stage !== 'negotiation') await judgeApi.ok(judgeApi.post(`/cases/${caseId}/stage`, { stage }));
  const invite = async (participantId: string) => (await judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants/${participantId}/invitations`, {}))).token as string;
  const parties: ApiClient[] = [];
  for (const p of [claimant, respondent]) {
    const party = await redeem(server, await invite(p.id));
    if (stage !== 'negotiation') await party.ok(party.post(`/cases/${caseId}/trial/consent`, {}));
    parties.push(party);
  }
  return { caseId, claimant, respondent, mediator, judgeId, invite, claimantApi: parties[0]!, respondentApi: parties[1]! };
}

/** The claimant's and the respondent's pages, each through its invitation, connected for pushes. */
async function partyPages(c: Awaited<ReturnType<typeof disputeCase>>): Promise<[Page, Page]> {
  const [a, b] = await Promise.all([judgePages.open(`#/invitation/${await c.invite(c.claimant.id)}`, 'claimant'), judgePages.open(`#/invitation/${await c.invite(c.respondent.id)}`, 'respondent')]);
  await Promise.all([a, b].map((page) => page.waitForURL(`${server.url}/court.html#/cases/${c.caseId}`)));
  await Promise.all([judgePages.inboxReady(a, c.claimant.id, 'the claimant'), judgePages.inboxReady(b, c.respondent.id, 'the respondent')]);
  return [a, b];
}

/** The date in London `days` from now, as <input type="date"> takes it. */
function londonDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * DAY));
}

const offerOn = (page: Page, number: number) => page.locator(`li.offer[data-offer-number="${number}"]`);

test('the claimant’s page makes an offer, the respondent’s page counters it, the claimant’s page accepts it, and both pages show the case settled on the agreed terms', async () => {
  const c = await disputeCase('Zhang v. Silva (negotiation)', 'negotiation');
  const [a, b] = await partyPages(c);
  await a.getByTestId('no-offers').waitFor();

  // The claimant offers terms with an amount.
  const make = a.locator('form[data-form="make-offer"]');
  await make.locator('textarea[name="offerText"]').fill(OFFER);
  await make.locator('input[name="offerAmount"]').fill('50000');
  await make.locator('input[name="offerCurrency"]').fill('usd');
  await make.locator('[data-action="make-offer"]').click();
  await a.getByTestId('offers-status').filter({ hasText: fillMessage(en['offers.made'], { number: '1' }) }).waitFor();
  await a.getByTestId('offers-turn').filter({ hasText: fillMessage(en['offers.theirTurn'], { number: '1' }) }).waitFor();

  // The respondent's page receives it, open for its answer; it may not make a fresh offer meanwhile.
  await offerOn(b, 1).filter({ hasText: OFFER }).locator('[data-offer-status="open"]').waitFor();
  expect(await offerOn(b, 1).locator('.offer__amount').innerText()).toBe(fillMessage(en['offers.amount'], { amount: '50000', currency: 'USD' }));
  expect(await b.getByTestId('offers-turn').innerText()).toBe(fillMessage(en['offers.yourTurn'], { number: '1' }));
  expect(await b.locator('form[data-form="make-offer"]').count()).toBe(0);
  expect((await recordHookOf<RecordHook>(b)).trial?.pushes).toContain('offers:changed');

  // It counters with lower terms.
  const counter = offerOn(b, 1).locator('form[data-form="counter-offer"]');
  await counter.locator('textarea[name="offerText"]').fill(COUNTER);
  await counter.locator('input[name="offerAmount"]').fill('42000');
  await counter.locator('input[name="offerCurrency"]').fill('USD');
  await counter.locator('[data-action="counter-offer"]').click();
  await b.getByTestId('offers-status').filter({ hasText: fillMessage(en['offers.made'], { number: '2' }) }).waitFor();

  // The claimant's page shows its offer countered and the counter-offer open; it accepts, after the warning that this settles the case.
  await offerOn(a, 1).locator('[data-offer-status="countered"]').waitFor();
  await offerOn(a, 2).filter({ hasText: COUNTER }).locator('[data-offer-status="open"]').waitFor();
  expect(await offerOn(a, 2).locator('[data-counters]').innerText()).toBe(fillMessage(en['offers.counters'], { number: '1' }));
  await offerOn(a, 2).locator('[data-action="accept-offer"]').click();
  const warning = offerOn(a, 2).getByTestId('accept-warning');
  expect(await warning.innerText()).toContain(en['offers.acceptWarning']);
  await warning.locator('[data-action="confirm-accept"]').click();

  // Both pages: the case settled and closed, on the terms of offer 2; nothing more to offer or answer.
  for (const page of [a, b]) {
    const notice = page.getByTestId('case-settled');
    await notice.filter({ hasText: 'This case settled on' }).waitFor();
    expect(await notice.innerText()).toContain('It is closed: no further rounds, hearings or offers.');
    const terms = page.getByTestId('settlement');
    await terms.filter({ hasText: COUNTER }).waitFor();
    expect(await terms.innerText()).toContain(fillMessage(en['offers.settledTerms'], { number: '2' }));
    expect(await terms.locator('.offer__amount').innerText()).toBe(fillMessage(en['offers.amount'], { amount: '42000', currency: 'USD' }));
    expect(await offerOn(page, 2).getAttribute('data-status')).toBe('accepted');
    expect(await page.locator('form[data-form="make-offer"], [data-testid="offer-answer"]').count()).toBe(0);
    expect(await page.getByTestId('offers-status').isHidden()).toBe(true);
  }
  // The timeline reads the negotiation: offers made, and the acceptance that settled the case.
  const settledRow = a.getByTestId('timeline').locator('tr[data-type="case.settled"]');
  await settledRow.waitFor();
  expect(await settledRow.locator('td[data-column="what"]').innerText()).toBe(en['entry.case.settled']);
  expect(await settledRow.locator('td[data-column="about"]').innerText()).toBe('Offer 2');

  // The judge's page never shows the offers (without prejudice), shows the case closed, and is told so when it tries to schedule a hearing.
  const judge = await judgePages.judgePage(c.caseId);
  await judge.getByTestId('case-settled').filter({ hasText: 'This case settled on' }).waitFor();
  expect(await judge.getByTestId('offers-panel').count()).toBe(0);
  expect(await judge.content()).not.toContain(COUNTER);
  const schedule = judge.locator('form[data-form="schedule-hearing"]');
  await schedule.locator('input[name="title"]').fill('Directions');
  await schedule.locator('input[name="date"]').fill(londonDate(3));
  await schedule.getByRole('button', { name: en['hearings.scheduleSubmit'] }).click();
  await schedule.getByTestId('schedule-status').filter({ hasText: en['problem.CASE_SETTLED'] }).waitFor();
}, 180_000);

test('the mediator’s private caucus with the claimant’s side appears, labelled, on the claimant’s page and never on the respondent’s', async () => {
  const c = await disputeCase('Zhang v. Silva (mediation)', 'mediation');
  const [a, b] = await partyPages(c);
  const mediator = await mediatorPages.judgePage(c.caseId);
  await mediatorPages.inboxReady(mediator, c.mediator!.id, 'the mediator');

  // The mediator opens a round private to the claimant's side: the respondent cannot be asked in it.
  const form = mediator.locator('form[data-form="open-round"]');
  await form.locator('select[name="privateTo"]').selectOption('claimant');
  expect(await form.locator(`input[name="required"][value="${c.respondent.id}"]`).isDisabled()).toBe(true);
  expect(await form.locator(`input[name="required"][value="${c.claimant.id}"]`).isChecked()).toBe(true);
  await form.locator('input[name="roundTitle"]').fill(CAUCUS_TITLE);
  await form.locator('textarea[name="questionText"]').fill(CAUCUS_QUESTION);
  await form.locator('input[name="round-deadlineDate"]').fill(londonDate(2));
  await form.locator('input[name="round-deadlineTime"]').fill('12:00');
  await form.getByRole('button', { name: en['trial.openSubmit'] }).click();
  await mediator.getByTestId('open-round-status').filter({ hasText: fillMessage(en['trial.opened'], { number: '1' }) }).waitFor();
  await mediator.locator('article.round').filter({ hasText: CAUCUS_TITLE }).locator('[data-caucus="claimant"]').filter({ hasText: en['trial.caucusWith.claimant'] }).waitFor();

  // The claimant's page is served it, labelled as the mediator's private caucus with its side.
  const served = a.locator('article.round').filter({ hasText: CAUCUS_TITLE });
  await served.locator('[data-caucus="claimant"]').filter({ hasText: en['trial.caucusWith.claimant'] }).waitFor();
  await served.locator('.thread__text').filter({ hasText: CAUCUS_QUESTION }).waitFor();
  await eventually('the claimant’s page to note the service', () => recordHookOf<RecordHook>(a), (hook) => hook.trial?.pushes.includes('round:served') === true);

  // The respondent's page never receives it, then or after loading the case again.
  expect((await recordHookOf<RecordHook>(b)).trial?.pushes).not.toContain('round:served');
  expect(await b.content()).not.toContain(CAUCUS_TITLE);
  await b.reload();
  await b.getByTestId('no-rounds').waitFor();
  expect(await b.locator('[data-caucus]').count()).toBe(0);
  expect(await b.content()).not.toContain(CAUCUS_QUESTION);
}, 180_000);

test('the judge’s page schedules a live hearing covering one claim from the trial view; the hearings list says so and the timeline reads the round and the hearing by name', async () => {
  const c = await disputeCase('Zhang v. Silva (live)', 'trial');
  const { claims } = await c.claimantApi.ok(
    c.claimantApi.post(`/cases/${c.caseId}/claims`, {
      claims: [
        { text: 'The respondent owes 50,000 USD for the goods.', language: 'en' },
        { text: 'The respondent owes interest from 1 May.', language: 'en' },
      ],
    }),
  );
  const first = claims.find((claim: { number: number }) => claim.number === 1).id as string;
  await judgeApi.ok(
    judgeApi.post(`/cases/${c.caseId}/rounds`, {
      stage: 'investigation',
      title: 'Delivery',
      questions: [{ text: 'When were the goods delivered?', language: 'en' }],
      required: [c.claimant.id, c.respondent.id],
      deadline: { at: new Date(Date.now() + 3 * DAY).toISOString(), timeZone: 'Europe/London' },
      exchange: 'sequential',
    }),
  );

  const judge = await judgePages.judgePage(c.caseId);
  const live = judge.getByTestId('switch-to-live').locator('form[data-form="schedule-live-hearing"]');
  await live.waitFor();
  await live.locator('input[name="title"]').fill(HEARING_TITLE);
  await live.locator('input[name="date"]').fill(londonDate(2));
  await live.locator('input[name="time"]').fill('10:00');
  // Covering claims means choosing at least one.
  await live.locator('input[name="coversScope"][value="claims"]').check();
  await live.locator('label[data-claim-number="2"]').waitFor();
  await live.getByRole('button', { name: en['hearings.scheduleSubmit'] }).click();
  await live.getByTestId('schedule-status').filter({ hasText: en['live.noClaimChosen'] }).waitFor();
  await live.locator(`input[name="coversClaim"][value="${first}"]`).check();
  await live.getByRole('button', { name: en['hearings.scheduleSubmit'] }).click();
  await live.getByTestId('schedule-status').filter({ hasText: HEARING_TITLE }).waitFor();

  // The hearings list shows the hearing and what it covers; the court recorded exactly that.
  const row = judge.locator('.hearings-table tr[data-hearing-id]').filter({ hasText: HEARING_TITLE });
  await row.waitFor();
  expect(await row.locator('td[data-covers]').innerText()).toBe(fillMessage(en['hearings.coversClaims'], { numbers: '1' }));
  const hearing = (await judgeApi.ok(judgeApi.get(`/cases/${c.caseId}/hearings`))).hearings.find((h: { title: string }) => h.title === HEARING_TITLE);
  expect(hearing.covers).toEqual({ scope: 'claims', claimIds: [first] });

  // The timeline: the round opened, then the hearing scheduled, each by name, in time order.
  const timeline = judge.getByTestId('timeline');
  const hearingRow = timeline.locator(`tr[data-type="hearing.scheduled"][data-about-id="${hearing.id}"]`);
  await hearingRow.waitFor();
  const roundRow = timeline.locator('tr[data-type="round.opened"]');
  expect(await roundRow.locator('td[data-column="what"]').innerText()).toBe(en['entry.round.opened']);
  expect(await roundRow.locator('td[data-column="about"]').innerText()).toBe('Round 1: Delivery');
  expect(await hearingRow.locator('td[data-column="what"]').innerText()).toBe(en['entry.hearing.scheduled']);
  expect(await hearingRow.locator('td[data-column="about"]').innerText()).toBe(`Hearing “${HEARING_TITLE}”`);
  expect(Number(await roundRow.getAttribute('data-seq'))).toBeLessThan(Number(await hearingRow.getAttribute('data-seq')));

  // In Chinese, the same lines.
  await judge.locator('#language').selectOption({ label: zhCN['language.name'] });
  await roundRow.locator('td[data-column="what"]').filter({ hasText: zhCN['entry.round.opened'] }).waitFor();
  expect(await roundRow.locator('td[data-column="about"]').innerText()).toBe('第 1 轮：Delivery');
  expect(await row.locator('td[data-covers]').innerText()).toBe(fillMessage(zhCN['hearings.coversClaims'], { numbers: '1' }));
}, 180_000);
