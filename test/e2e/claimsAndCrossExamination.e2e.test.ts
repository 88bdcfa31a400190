// End to end: claims, the cross-examination of evidence and timed answer windows on the case page
// (client/court.html) in headless Chromium against a real court server. The claimant states two
// claims from its page; the respondent admits one and denies the other with reasons and its own
// exhibit; the judge's page shows one undisputed fact and one issue in dispute, live. The
// respondent disputes the authenticity of the claimant's exhibit; the claimant's page shows the
// dispute and replies; the court puts a question to the respondent, who answers. A witness opens
// a timed question that the judge put from its page with a ten-minute window (its text hidden
// until then) and sees the window count down; the judge sees when it was opened and answered.
// Build the client first (`npm run build:client`).
import type { Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { fileEvidence, redeem, type ApiClient } from '../helpers/caseRecordClient.js';
import { eventually, fillMessage } from './hearingParty.js';
import { recordHookOf, recordPagesSuite, type RecordPages } from './recordPages.js';

interface RecordHook {
  route: string;
  trial: { inbox: 'connecting' | 'connected' | 'offline'; pushes: string[] } | null;
}

const JUDGE = 'judge-claims-e2e';
const CLAIM_1 = `The respondent received the goods on 3 March (${process.pid}).`;
const CLAIM_2 = `The respondent owes 12,000 USD for them (${process.pid}).`;
const DENIAL = 'The goods were defective; nothing is owed until they are replaced.';
const DISPUTE = 'The signature on page 2 is not our director’s.';
const REPLY = 'The signature was witnessed by a notary; see the notarial certificate.';
const TIMED_QUESTION = `Who handed you the goods on 3 March? (${process.pid})`;

const suite = recordPagesSuite({ TRIAL_CLOCK_SECONDS: '1' }, [{ username: JUDGE, role: 'judge', displayName: 'Judge Okafor' }]);
let server: RunningCourtServer;
let judgeApi: ApiClient;
let pages: RecordPages;
beforeAll(() => {
  server = suite.server;
  judgeApi = suite.api(JUDGE);
  pages = suite.pages(JUDGE);
});

/** A case at the trial stage, tried asynchronously (both parties consented through the API). */
async function asyncCase(title: string) {
  const caseId = (await judgeApi.ok(judgeApi.post('/cases', { title, languages: ['en', 'zh'], locale: 'en', timeZone: 'Europe/London' }))).id as string;
  const add = (body: object) => judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants`, body));
  const claimant = await add({ role: 'claimant', displayName: 'Zhang Wei', locale: 'en', timeZone: 'Asia/Shanghai' });
  const respondent = await add({ role: 'respondent', displayName: 'Ana Silva', locale: 'en', timeZone: 'America/Sao_Paulo' });
  const judgeId = (await judgeApi.ok(judgeApi.get(`/cases/${caseId}`))).you.id as string;
  await judgeApi.ok(judgeApi.post(`/cases/${caseId}/stage`, { stage: 'trial' }));
  const invite = async (participantId: string) => (await judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants/${participantId}/invitations`, {}))).token as string;
  const parties: ApiClient[] = [];
  for (const p of [claimant, respondent]) {
    const party = await redeem(server, await invite(p.id));
    await party.ok(party.post(`/cases/${caseId}/trial/consent`, {}));
    parties.push(party);
  }
  return { caseId, claimant, respondent, judgeId, invite, add, claimantApi: parties[0]!, respondentApi: parties[1]! };
}

test('the claimant states two claims, the respondent admits one and denies the other with reasons, and the judge sees one undisputed fact and one issue in dispute; the respondent disputes an exhibit’s authenticity, the claimant replies, and the court’s question is answered', async () => {
  const { caseId, claimant, respondent, judgeId, invite, claimantApi, respondentApi } = await asyncCase('Zhang v. Silva (claims)');
  const contract = (await claimantApi.ok(fileEvidence(claimantApi, caseId, Buffer.from('Sales contract, signed 1 March.\n'), { title: 'Sales contract', fileName: 'contract.txt' }))).id as string;
  const report = (await respondentApi.ok(fileEvidence(respondentApi, caseId, Buffer.from('Inspection report: 40% of the goods defective.\n'), { title: 'Inspection report', fileName: 'report.txt' }))).id as string;

  const [a, b] = await Promise.all([pages.open(`#/invitation/${await invite(claimant.id)}`, 'claimant'), pages.open(`#/invitation/${await invite(respondent.id)}`, 'respondent')]);
  await Promise.all([a, b].map((page) => page.waitForURL(`${server.url}/court.html#/cases/${caseId}`)));
  const judge = await pages.judgePage(caseId);
  await Promise.all([pages.inboxReady(a, claimant.id, 'the claimant'), pages.inboxReady(b, respondent.id, 'the respondent'), pages.inboxReady(judge, judgeId, 'the judge')]);
  await judge.getByTestId('undisputed-facts-empty').waitFor();
  // Only the claimant's side is offered the form that states claims; only the court the analysis.
  expect(await b.locator('form[data-form="state-claims"]').count()).toBe(0);
  expect(await a.getByTestId('claims-analysis').count()).toBe(0);

  // The claimant states two claims from its page.
  const state = a.locator('form[data-form="state-claims"]');
  await state.locator('textarea[name="claimText"]').fill(CLAIM_1);
  await state.locator('[data-action="add-claim"]').click();
  await state.locator('textarea[name="claimText"]').nth(1).fill(CLAIM_2);
  await state.locator('[data-action="state-claims"]').click();
  await a.getByTestId('state-claims-status').filter({ hasText: fillMessage(en['claims.stated'], { count: '2' }) }).waitFor();
  const claims = (await judgeApi.ok(judgeApi.get(`/cases/${caseId}/claims`))).claims as Array<{ id: string; number: number }>;
  expect(claims.map((c) => c.number)).toEqual([1, 2]);
  const [first, second] = claims.map((c) => c.id) as [string, string];

  // The respondent's page hears of them, each awaiting its answer: it admits the first…
  const claimOn = (page: Page, id: string) => page.locator(`li.claim[data-claim-id="${id}"]`);
  await claimOn(b, first).locator('[data-outcome="awaiting"]').first().waitFor();
  const answerFirst = claimOn(b, first).locator('form[data-form="answer-claim"]');
  await answerFirst.locator('select[name="position"]').selectOption('admit');
  await answerFirst.locator('[data-action="answer-claim"]').click();
  await answerFirst.getByTestId('claim-answer-status').filter({ hasText: fillMessage(en['claims.answered'], { version: '1' }) }).waitFor();
  // …and denies the second, with reasons and its own exhibit.
  const answerSecond = claimOn(b, second).locator('form[data-form="answer-claim"]');
  await answerSecond.locator('select[name="position"]').selectOption('deny');
  await answerSecond.locator('[data-action="answer-claim"]').click();
  await answerSecond.getByTestId('claim-answer-status').filter({ hasText: fillMessage(en['form.required'], { field: en['claims.reasonsField'] }) }).waitFor();
  await answerSecond.locator('textarea[name="claimReasons"]').fill(DENIAL);
  await answerSecond.locator(`input[name="claimEvidence"][value="${report}"]`).check();
  await answerSecond.locator('[data-action="answer-claim"]').click();
  await answerSecond.getByTestId('claim-answer-status').filter({ hasText: fillMessage(en['claims.answered'], { version: '1' }) }).waitFor();

  // The judge's page, live: one undisputed fact, one issue in dispute with the denial's reasons and evidence, nothing unanswered.
  const facts = judge.getByTestId('undisputed-facts').locator('li[data-claim-id]');
  await facts.filter({ hasText: CLAIM_1 }).waitFor();
  expect(await facts.count()).toBe(1);
  expect(await facts.first().getAttribute('data-basis')).toBe('admitted');
  const issues = judge.getByTestId('issues-in-dispute').locator(':scope > li[data-claim-id]');
  await issues.filter({ hasText: DENIAL }).waitFor();
  expect(await issues.count()).toBe(1);
  expect(await issues.first().getAttribute('data-claim-id')).toBe(second);
  expect(await issues.first().getAttribute('data-kind')).toBe('denied');
  expect(await issues.first().locator(`[data-evidence-id="${report}"]`).innerText()).toBe('Inspection report');
  await judge.getByTestId('unanswered-claims-empty').waitFor();
  expect((await recordHookOf<RecordHook>(judge)).trial?.pushes).toContain('claims:changed');

  // The claimant's table shows each respondent's position, live.
  await claimOn(a, first).locator(`li[data-respondent-id="${respondent.id}"][data-position="admit"]`).waitFor();
  await claimOn(a, second).locator(`li[data-respondent-id="${respondent.id}"][data-position="deny"]`).filter({ hasText: DENIAL }).waitFor();
  expect(await claimOn(a, second).getAttribute('data-outcome')).toBe('denied');

  // The respondent changes its answer to the first claim: a second version, shown to everyone.
  await answerFirst.locator('select[name="position"]').selectOption('partlyAdmit');
  await answerFirst.locator('textarea[name="claimReasons"]').fill('Only half of the goods arrived that day.');
  await answerFirst.locator('textarea[name="admittedPart"]').fill('Half of the goods arrived on 3 March.');
  await answerFirst.locator('[data-action="answer-claim"]').click();
  await answerFirst.getByTestId('claim-answer-status').filter({ hasText: fillMessage(en['claims.answered'], { version: '2' }) }).waitFor();
  await claimOn(a, first).locator('li[data-position="partlyAdmit"][data-version="2"]').waitFor();
  await judge.getByTestId('undisputed-facts').locator('li[data-basis="partlyAdmitted"]').filter({ hasText: 'Half of the goods arrived on 3 March.' }).waitFor();
  await eventually('two issues in dispute on the judge’s page', () => judge.getByTestId('issues-in-dispute').locator(':scope > li[data-claim-id]').count(), (n) => n === 2);

  // Cross-examination: the respondent disputes the authenticity of the claimant's contract.
  const examOn = (page: Page, id: string) => page.locator(`article.examination[data-evidence-id="${id}"]`);
  const opinion = examOn(b, contract).locator('form[data-form="examination-opinion"]');
  await opinion.locator('select[name="authenticityStance"]').selectOption('dispute');
  await opinion.locator('textarea[name="authenticityReasons"]').fill(DISPUTE);
  await opinion.locator('textarea[name="legalityReasons"]').fill('Obtained in the ordinary course of business.');
  await opinion.locator('textarea[name="relevanceReasons"]').fill('It is the contract in issue.');
  await opinion.locator('[data-action="examination-opinion"]').click();
  await opinion.getByTestId('examination-opinion-status').filter({ hasText: en['examination.posted'] }).waitFor();
  // The claimant filed it: no view of its own to state, and nothing to examine on the respondent's own exhibit.
  expect(await examOn(a, contract).locator('form[data-form="examination-opinion"]').count()).toBe(0);
  expect(await examOn(b, report).locator('form[data-form="examination-opinion"]').count()).toBe(0);

  // The claimant's page shows the dispute, live, and replies.
  await a.locator(`article.examination[data-evidence-id="${contract}"][data-disputed="authenticity"]`).waitFor();
  const cell = examOn(a, contract).locator('tr[data-point="authenticity"] td[data-side="respondent"]');
  expect(await cell.getAttribute('data-stance')).toBe('dispute');
  expect(await cell.innerText()).toContain(DISPUTE);
  expect(await examOn(a, contract).locator('tr[data-point="legality"] td[data-side="respondent"]').getAttribute('data-stance')).toBe('accept');
  const reply = examOn(a, contract).locator('form[data-form="examination-reply"]');
  await reply.locator('textarea[name="replyText"]').fill(REPLY);
  await reply.locator('[data-action="examination-reply"]').click();
  await reply.getByTestId('examination-reply-status').filter({ hasText: en['examination.posted'] }).waitFor();
  await examOn(b, contract).locator('li[data-kind="reply"][data-side="claimant"]').filter({ hasText: REPLY }).waitFor();
  expect((await recordHookOf<RecordHook>(b)).trial?.pushes).toContain('evidence:crossExamined');

  // The court puts a question to the respondent, who answers it; the claimant is not asked.
  const question = examOn(judge, contract).locator('form[data-form="examination-question"]');
  await question.locator('textarea[name="examQuestionText"]').fill('Whose signature do you say it is?');
  await question.locator('select[name="questionTo"]').selectOption('respondent');
  await question.locator('[data-action="examination-question"]').click();
  const answer = examOn(b, contract).locator('form[data-form="examination-answer-question"]');
  await answer.locator('textarea[name="examAnswerText"]').fill('Nobody’s we know: our director signs in blue ink.');
  await answer.locator('[data-action="examination-answer-question"]').click();
  await examOn(judge, contract).locator('li[data-kind="answer"][data-side="respondent"]').filter({ hasText: 'blue ink' }).waitFor();
  expect(await examOn(a, contract).locator('form[data-form="examination-answer-question"]').count()).toBe(0);
  await examOn(a, contract).locator('li[data-kind="question"] [data-to="respondent"]').waitFor();

  // The respondent's page reads in Chinese: the claims, and the point it disputes.
  await b.locator('#language').selectOption({ label: zhCN['language.name'] });
  await b.getByTestId('claims-panel').locator('h2', { hasText: zhCN['claims.heading'] }).waitFor();
  await claimOn(b, second).locator('[data-outcome="denied"]', { hasText: zhCN['claims.outcome.denied'] }).first().waitFor();
  await examOn(b, contract).locator('[data-disputed-point="authenticity"]', { hasText: zhCN['examination.point.authenticity'] }).waitFor();
}, 240_000);

test('a witness opens a timed question, whose text was hidden until then, and sees its window count down; the judge sees when it was opened and answered', async () => {
  const { caseId, judgeId, invite, add } = await asyncCase('Zhang v. Silva (witness)');
  const witness = await add({ role: 'witness', displayName: 'Li Na', locale: 'en', timeZone: 'Europe/Berlin' });
  // The judge opens the round from its page: one question, put to the witness, with a ten-minute window.
  const judge = await pages.judgePage(caseId);
  const form = judge.locator('form[data-form="open-round"]');
  await form.locator('input[name="roundTitle"]').fill('Delivery');
  await form.locator('textarea[name="questionText"]').fill(TIMED_QUESTION);
  await form.locator('input[name="questionWindow"]').fill('10');
  for (const box of await form.locator('input[name="required"]').all()) await box.setChecked((await box.getAttribute('value')) === witness.id);
  const inTwoDays = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 2 * 24 * 3600_000));
  await form.locator('input[name="round-deadlineDate"]').fill(inTwoDays);
  await form.locator('input[name="round-deadlineTime"]').fill('12:00');
  await form.getByRole('button', { name: en['trial.openSubmit'] }).click();
  await judge.getByTestId('open-round-status').filter({ hasText: fillMessage(en['trial.opened'], { number: '1' }) }).waitFor();
  const opened = (await judgeApi.ok(judgeApi.get(`/cases/${caseId}/rounds`))).rounds[0] as { id: string };
  expect((await judgeApi.ok(judgeApi.get(`/cases/${caseId}/rounds/${opened.id}`))).threads[0].answerWindow.minutes).toBe(10);

  const w = await pages.open(`#/invitation/${await invite(witness.id)}`, 'witness');
  await w.waitForURL(`${server.url}/court.html#/cases/${caseId}`);
  await Promise.all([pages.inboxReady(w, witness.id, 'the witness'), pages.inboxReady(judge, judgeId, 'the judge')]);
  const round = (page: Page) => page.locator(`article.round[data-round-id="${opened.id}"]`);

  // Before it is opened: the offer, the window's length, no text and no answer editor.
  const offer = round(w).getByTestId('window-offer');
  await offer.waitFor();
  expect(await offer.innerText()).toContain(fillMessage(en['window.offer'], { minutes: '10' }));
  expect(await round(w).locator('[data-answer-window="10"]').count()).toBe(1);
  expect(await w.content()).not.toContain(TIMED_QUESTION);
  expect(await round(w).locator('form[data-form="answer"]').count()).toBe(0);
  // The judge reads the question, and that nobody has opened it.
  await round(judge).locator('.thread__text').filter({ hasText: TIMED_QUESTION }).waitFor();
  expect(await round(judge).getByTestId('window-record').locator(`tr[data-participant-id="${witness.id}"] td[data-opened-at]`).getAttribute('data-opened-at')).toBe('');

  // The witness opens it: the text, and a countdown of the ten-minute window.
  await round(w).locator('[data-action="open-window"]').click();
  await round(w).locator('.thread__text').filter({ hasText: TIMED_QUESTION }).waitFor();
  const countdown = round(w).getByTestId('window-countdown');
  await countdown.waitFor();
  expect(await countdown.innerText()).toMatch(/^(9|10) min \d+ s left$/);
  const first = await countdown.innerText();
  await eventually('the window countdown to tick', () => countdown.innerText(), (text) => text !== first, { timeoutMs: 15_000 });
  expect(await countdown.getAttribute('data-urgent')).toBe('true');

  // The witness answers within the window; the judge sees when it was opened and answered.
  const editor = round(w).locator('form[data-form="answer"]');
  await editor.locator('textarea[name="answerText"]').fill('The driver of the carrier, Mr Costa.');
  await editor.locator('[data-action="submit-answer"]').click();
  await editor.getByTestId('answer-status').filter({ hasText: fillMessage(en['answer.saved'], { version: '1' }) }).waitFor();
  const row = round(judge).getByTestId('window-record').locator(`tr[data-participant-id="${witness.id}"]`);
  await eventually('the judge to see the opening and the answer', async () => [await row.locator('td[data-opened-at]').getAttribute('data-opened-at'), await row.locator('td[data-answered-at]').getAttribute('data-answered-at')], ([openedAt, answeredAt]) => /^\d{4}-/.test(openedAt ?? '') && /^\d{4}-/.test(answeredAt ?? ''));
  const view = await judgeApi.ok(judgeApi.get(`/cases/${caseId}/rounds/${opened.id}`));
  expect(await row.locator('td[data-opened-at]').getAttribute('data-opened-at')).toBe(view.threads[0].answerWindow.openings[0].openedAt);
}, 240_000);
