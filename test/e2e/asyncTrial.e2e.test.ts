// End to end: the asynchronous trial on the case page (client/court.html) in headless Chromium
// against a real court server. A claimant in Shanghai and a respondent in São Paulo each
// consent from their own browser; the judge, in London, opens a sealed round with a deadline set
// on Tokyo's clock; each party sees that deadline, and its countdown, on their own clock. The
// claimant files evidence for its answer (with upload progress) and answers; the respondent's
// page shows that an answer is sealed but not the answer itself, until the respondent answers
// and the round reveals both to everyone. Then the court's side: a reminder reaches the party's
// page, a request for more time is granted and another refused, the judge extends by whole days
// and closes the round, and a withdrawal of consent sends the case back to live hearings.
// Build the client first (`npm run build:client`).
import type { Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { redeem, type ApiClient } from '../helpers/caseRecordClient.js';
import { eventually, fillMessage } from './hearingParty.js';
import { recordHookOf, recordPagesSuite, type RecordPages } from './recordPages.js';

// window.crosscourtRecord, as client/src/record/recordHook.ts documents it (the parts read here).
interface RecordHook {
  route: string;
  principal: { kind: string } | null;
  upload: { state: 'uploading' | 'done' | 'failed'; percent: number; evidenceId?: string; code?: string } | null;
  trial: { inbox: 'connecting' | 'connected' | 'offline'; pushes: string[] } | null;
}

const JUDGE = 'judge-trial-e2e';
const DAY = 24 * 3600_000;
const ANSWER_A = `The contract was signed in Hangzhou on 3 March (claimant ${process.pid}).`;
const DRAFT_A = `DRAFT: signed in Hangzhou, date to be checked (claimant ${process.pid}).`;
const ANSWER_B = `It was signed in São Paulo, by e-mail, on 4 March (respondent ${process.pid}).`;
const STATEMENT = Buffer.from('Witness statement of the claimant: the contract was signed in Hangzhou.\n'.repeat(2000));

// The round clock ticks every second and reminds a day before a deadline: the first round (due
// in three days) sends none, the second (due in under a day) reminds at once.
const suite = recordPagesSuite({ TRIAL_CLOCK_SECONDS: '1', TRIAL_REMINDER_MINUTES: '1440' }, [{ username: JUDGE, role: 'judge', displayName: 'Judge Okafor' }]);
let server: RunningCourtServer;
let judgeApi: ApiClient;
let pages: RecordPages;
beforeAll(() => {
  server = suite.server;
  judgeApi = suite.api(JUDGE);
  pages = suite.pages(JUDGE);
});

/** A case at the trial stage with a claimant in Shanghai and a respondent in São Paulo. */
async function trialCase(title: string) {
  const caseId = (await judgeApi.ok(judgeApi.post('/cases', { title, languages: ['zh', 'pt', 'en'], locale: 'en', timeZone: 'Europe/London' }))).id as string;
  const claimant = await judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants`, { role: 'claimant', displayName: 'Zhang Wei', locale: 'en', timeZone: 'Asia/Shanghai' }));
  const respondent = await judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants`, { role: 'respondent', displayName: 'Ana Silva', locale: 'en', timeZone: 'America/Sao_Paulo' }));
  const judgeId = (await judgeApi.ok(judgeApi.get(`/cases/${caseId}`))).you.id as string;
  await judgeApi.ok(judgeApi.post(`/cases/${caseId}/stage`, { stage: 'trial' }));
  const invite = async (participantId: string) => (await judgeApi.ok(judgeApi.post(`/cases/${caseId}/participants/${participantId}/invitations`, {}))).token as string;
  return { caseId, claimant, respondent, judgeId, invite };
}

/** The date in `zone` that is `days` from now, as <input type="date"> takes it. */
function dateIn(zone: string, days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * DAY));
}

test('both parties consent, the judge opens a sealed round, each party sees the deadline on its own clock, and an answer stays sealed from the other side until both have answered', async () => {
  const { caseId, claimant, respondent, judgeId, invite } = await trialCase('Zhang v. Silva (async)');
  const [a, b] = await Promise.all([pages.open(`#/invitation/${await invite(claimant.id)}`, 'claimant'), pages.open(`#/invitation/${await invite(respondent.id)}`, 'respondent')]);
  await Promise.all([a, b].map((page) => page.waitForURL(`${server.url}/court.html#/cases/${caseId}`)));
  const judge = await pages.judgePage(caseId);
  await Promise.all([pages.inboxReady(a, claimant.id, 'the claimant'), pages.inboxReady(b, respondent.id, 'the respondent'), pages.inboxReady(judge, judgeId, 'the judge')]);

  // The case is tried live; the judge is offered no consent button, the parties are.
  for (const page of [a, b, judge]) await page.locator('[data-trial-mode="live"]').waitFor();
  expect(await judge.locator('[data-action="give-consent"]').count()).toBe(0);
  expect(await judge.getByTestId('no-rounds').innerText()).toBe(en['trial.noRounds']);

  // Both consent, each from their own page; the case moves to the asynchronous trial on every page.
  await a.locator('[data-action="give-consent"]').click();
  await a.getByTestId('consent-status').filter({ hasText: en['trial.consentRecorded'] }).waitFor();
  await a.locator('[data-side="claimant"][data-consented="true"]').waitFor();
  expect(await a.locator('[data-trial-mode="live"]').count()).toBe(1); // the other side has not consented yet
  await b.locator('[data-action="give-consent"]').click();
  for (const page of [a, b, judge]) await page.locator('[data-trial-mode="async"]').waitFor();
  const consents = judge.getByTestId('consent-list');
  await consents.locator(`[data-participant-id="${claimant.id}"][data-consent="given"]`).waitFor();
  await consents.locator(`[data-participant-id="${respondent.id}"][data-consent="given"]`).waitFor();

  // The judge opens a sealed round, the deadline set at 18:00 on Tokyo's clock three days ahead.
  const tokyoDate = dateIn('Asia/Tokyo', 3);
  const [year, month, day] = tokyoDate.split('-').map(Number) as [number, number, number];
  const deadlineAt = new Date(Date.UTC(year, month - 1, day, 18 - 9, 0)).toISOString(); // Tokyo is UTC+9, no daylight saving
  const form = judge.locator('form[data-form="open-round"]');
  await form.locator('select[name="stage"]').selectOption('investigation');
  await form.locator('input[name="roundTitle"]').fill('Formation of the contract');
  await form.locator('textarea[name="questionText"]').fill('On what date was the contract signed, and where?');
  await form.locator('input[name="questionLanguage"]').fill('en');
  const required = await form.locator('input[name="required"]:checked').evaluateAll((boxes) => boxes.map((box) => (box as unknown as { value: string }).value).sort());
  expect(required).toEqual([claimant.id, respondent.id].sort());
  await form.locator('input[name="round-deadlineDate"]').fill(tokyoDate);
  await form.locator('input[name="round-deadlineTime"]').fill('18:00');
  expect(await form.locator('input[name="round-deadlineZone"]').inputValue()).toBe('Europe/London'); // the judge's own
  await form.locator('input[name="round-deadlineZone"]').fill('Asia/Tokyo');
  await form.locator('select[name="exchange"]').selectOption('sealed');
  await form.getByRole('button', { name: en['trial.openSubmit'] }).click();
  await judge.getByTestId('open-round-status').filter({ hasText: fillMessage(en['trial.opened'], { number: '1' }) }).waitFor();
  const roundId = (await judgeApi.ok(judgeApi.get(`/cases/${caseId}/rounds`))).rounds[0].id as string;
  const roundOf = (page: Page) => page.locator(`article.round[data-round-id="${roundId}"]`);

  // The round reaches each party by push; each sees the deadline on its own clock (its
  // participant zone, not the browser's London), and a countdown to the same instant.
  const expectations = [
    { page: a, zone: 'Asia/Shanghai', wall: /\b(05:00:00\s?PM|17:00:00)/ },
    { page: b, zone: 'America/Sao_Paulo', wall: /\b(06:00:00\s?AM|06:00:00)/ },
    { page: judge, zone: 'Europe/London', wall: /\b(09:00:00\s?AM|09:00:00)/ },
  ];
  for (const { page, zone, wall } of expectations) {
    const deadline = roundOf(page).getByTestId('round-deadline');
    await deadline.waitFor();
    expect(await deadline.getAttribute('data-instant')).toBe(deadlineAt);
    expect(await deadline.getAttribute('data-zone')).toBe(zone);
    expect(await deadline.innerText()).toMatch(wall);
    const countdown = roundOf(page).getByTestId('round-countdown');
    const target = Number(await countdown.getAttribute('data-countdown-target'));
    expect(Math.abs(target - Date.parse(deadlineAt))).toBeLessThan(10_000);
    const days = Math.floor((Date.parse(deadlineAt) - Date.now()) / DAY);
    expect(await countdown.innerText()).toMatch(new RegExp(`^(${days}|${days - 1}) d \\d+ h \\d+ min left$`));
  }
  expect(await roundOf(a).locator('[data-standing]').getAttribute('data-standing')).toBe('mustAnswer');
  expect(await roundOf(judge).locator('[data-standing]').getAttribute('data-standing')).toBe('notRequired');
  expect(await roundOf(a).locator('[data-exchange]').getAttribute('data-exchange')).toBe('sealed');
  expect((await recordHookOf<RecordHook>(a)).trial?.pushes).toContain('round:served');

  // The claimant files a statement for its answer (progress reaches 100 %), and answers.
  const editorA = roundOf(a).locator('form[data-form="answer"]');
  await editorA.locator('input[name="answerFile"]').setInputFiles({ name: 'statement.txt', mimeType: 'text/plain', buffer: STATEMENT });
  await editorA.locator('[data-action="attach-evidence"]').click();
  const uploaded = await eventually('the statement to be filed', () => recordHookOf<RecordHook>(a), (hook) => hook.upload?.state === 'done' || hook.upload?.state === 'failed');
  expect(uploaded.upload).toMatchObject({ state: 'done', percent: 100 });
  expect(await editorA.locator('.upload__percent').innerText()).toBe('100%');
  await editorA.getByTestId('answer-attachments').locator(`[data-evidence-id="${uploaded.upload!.evidenceId}"]`).waitFor();
  await editorA.locator('textarea[name="answerText"]').fill(DRAFT_A);
  await editorA.locator('[data-action="submit-answer"]').click();
  await editorA.getByTestId('answer-status').filter({ hasText: fillMessage(en['answer.saved'], { version: '1' }) }).waitFor();
  // It edits the answer before the deadline: a second version; both are kept.
  await editorA.locator('textarea[name="answerText"]').fill(ANSWER_A);
  await editorA.getByRole('button', { name: en['answer.submitVersion'] }).click();
  await editorA.getByTestId('answer-status').filter({ hasText: fillMessage(en['answer.saved'], { version: '2' }) }).waitFor();
  await editorA.locator('[data-action="show-versions"]').click();
  const versions = editorA.getByTestId('answer-versions').locator('li[data-version]');
  await versions.first().waitFor();
  expect(await versions.evaluateAll((items) => items.map((item) => item.getAttribute('data-version')))).toEqual(['2', '1']);
  expect(await versions.nth(1).innerText()).toContain(DRAFT_A);

  // The claimant sees its own answer, marked sealed from the other side, with its attachment.
  const ownAnswer = roundOf(a).locator(`.thread__answer[data-for="${claimant.id}"]`);
  await ownAnswer.filter({ hasText: ANSWER_A }).waitFor();
  expect(await ownAnswer.innerText()).toContain(en['answer.sealedFromOthers']);
  expect(await ownAnswer.locator(`[data-evidence-id="${uploaded.upload!.evidenceId}"]`).innerText()).toBe('statement');
  await roundOf(a).locator('[data-standing="answered"]').waitFor();

  // The respondent's page hears that the claimant answered — and shows the answer as sealed,
  // never its text, neither from the push nor after a reload (REST).
  await roundOf(b).locator(`tr[data-participant-id="${claimant.id}"] td[data-answered="1"]`).waitFor();
  const sealedNote = roundOf(b).locator('[data-sealed-from-you="1"]');
  await sealedNote.waitFor();
  expect(await sealedNote.innerText()).toBe(fillMessage(en['trial.sealedFromYou'], { count: '1' }));
  expect(await b.content()).not.toContain(ANSWER_A);
  expect(await b.content()).not.toContain(DRAFT_A);
  await b.reload({ waitUntil: 'domcontentloaded' });
  await roundOf(b).locator('[data-sealed-from-you="1"]').waitFor();
  expect(await b.content()).not.toContain(ANSWER_A);
  expect(await b.content()).not.toContain(DRAFT_A);
  expect(await roundOf(b).locator(`.thread__answer[data-for="${claimant.id}"]`).count()).toBe(0);
  await pages.inboxReady(b, respondent.id, 'the respondent (reloaded)');

  // The judge sees who was served, who read the round, and who answered — and the answer.
  const judgeRow = (id: string) => roundOf(judge).locator(`tr[data-participant-id="${id}"]`);
  await judgeRow(claimant.id).locator('td[data-answered="1"]').waitFor();
  expect(await judgeRow(claimant.id).locator('td[data-read]').getAttribute('data-read')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(await judgeRow(respondent.id).locator('td[data-served]').getAttribute('data-served')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  await roundOf(judge).locator('.thread__answer').filter({ hasText: ANSWER_A }).waitFor();

  // The respondent answers: everyone has, so the round reveals both answers to both sides.
  const editorB = roundOf(b).locator('form[data-form="answer"]');
  await editorB.locator('textarea[name="answerText"]').fill(ANSWER_B);
  await editorB.locator('[data-action="submit-answer"]').click();
  await editorB.getByTestId('answer-status').filter({ hasText: fillMessage(en['answer.saved'], { version: '1' }) }).waitFor();
  for (const page of [a, b, judge]) {
    await roundOf(page).locator('.thread__answer').filter({ hasText: ANSWER_A }).waitFor();
    await roundOf(page).locator('.thread__answer').filter({ hasText: ANSWER_B }).waitFor();
    await page.locator(`article.round[data-round-id="${roundId}"][data-sealed="false"]`).waitFor();
    expect(await roundOf(page).locator('[data-sealed-from-you]').count()).toBe(0);
  }
  // Revealed answers are final: the editors say so and take no more versions.
  for (const page of [a, b]) {
    await roundOf(page).locator('form[data-form="answer"] [data-revealed="true"]').waitFor();
    expect(await roundOf(page).locator('textarea[name="answerText"]').isDisabled()).toBe(true);
  }
  // Revealed, the claimant's exhibit is the respondent's to see too, by its title.
  await roundOf(b).locator(`.thread__answer[data-for="${claimant.id}"] [data-evidence-id="${uploaded.upload!.evidenceId}"]`).filter({ hasText: 'statement' }).waitFor();

  // The respondent's page reads in Chinese: the panel, the countdown and the sealed-round rule.
  await b.locator('#language').selectOption({ label: zhCN['language.name'] });
  await b.getByTestId('trial').locator('h2', { hasText: zhCN['trial.heading'] }).waitFor();
  await eventually('the countdown to read in Chinese', () => roundOf(b).getByTestId('round-countdown').innerText(), (text) => /^剩余 \d+ 天 \d+ 小时 \d+ 分$/.test(text), { timeoutMs: 5_000 });
}, 180_000);

test('a party is reminded and asks for more time; the judge grants one request, refuses another, extends by whole days and closes the round; withdrawing consent returns the case to live hearings', async () => {
  const { caseId, claimant, respondent, judgeId, invite } = await trialCase('Zhang v. Silva (deadlines)');
  // Both consent (through the API: the first test consents on the page).
  for (const p of [claimant, respondent]) {
    const party = await redeem(server, await invite(p.id));
    await party.ok(party.post(`/cases/${caseId}/trial/consent`, {}));
  }
  const a = await pages.open(`#/invitation/${await invite(claimant.id)}`, 'claimant');
  await a.waitForURL(`${server.url}/court.html#/cases/${caseId}`);
  const judge = await pages.judgePage(caseId);
  await Promise.all([pages.inboxReady(a, claimant.id, 'the claimant'), pages.inboxReady(judge, judgeId, 'the judge')]);
  await a.locator('[data-trial-mode="async"]').waitFor();

  // A sequential round due in 20 hours, late answers accepted for 12 hours.
  const opened = await judgeApi.ok(
    judgeApi.post(`/cases/${caseId}/rounds`, {
      stage: 'debate',
      title: 'Damages',
      questions: [{ text: 'What loss do you claim, and how is it computed?', language: 'en' }],
      required: [claimant.id, respondent.id],
      deadline: { at: new Date(Date.now() + 20 * 3600_000).toISOString(), timeZone: 'Europe/London' },
      exchange: 'sequential',
      late: { rule: 'acceptFlagged', windowHours: 12 },
    }),
  );
  const round = a.locator(`article.round[data-round-id="${opened.id}"]`);
  const judgeRound = judge.locator(`article.round[data-round-id="${opened.id}"]`);
  await round.waitFor();
  // Under a day left: the countdown shows seconds and is urgent; the late rule is stated.
  const countdown = round.getByTestId('round-countdown');
  expect(await countdown.innerText()).toMatch(/^(19|20) h \d+ min \d+ s left$/);
  expect(await countdown.getAttribute('data-urgent')).toBe('true');
  expect(await round.innerText()).toContain(fillMessage(en['trial.lateAccepted'], { hours: '12' }));
  // The court's clock reminds the claimant, whose page shows it as a notice beside the service.
  await eventually('the reminder to reach the claimant’s page', () => recordHookOf<RecordHook>(a), (hook) => hook.trial?.pushes.includes('round:reminder') === true);
  await a.getByTestId('trial-notices').locator('[data-notice="round:served"]').filter({ hasText: fillMessage(en['trial.served'], { number: '1', title: 'Damages' }) }).waitFor();
  const notice = a.getByTestId('trial-notices').locator('[data-notice="round:reminder"]');
  await notice.filter({ hasText: fillMessage(en['trial.reminder'].split('{time}')[0]!, { number: '1', title: 'Damages' }) }).waitFor();
  expect(await notice.innerText()).toContain(fillMessage(en['trial.reminder'].split('{time}')[1]!, { count: '1' }));

  // The claimant asks for more time; the judge grants it, to 12:00 on New York's clock in four days.
  const ask = async (reason: string) => {
    await round.locator('textarea[name="extensionReason"]').fill(reason);
    await round.locator('form[data-form="request-extension"]').getByRole('button', { name: en['trial.requestExtension'] }).click();
    await round.getByTestId('extension-status').filter({ hasText: en['trial.extensionRequested'] }).waitFor();
  };
  await ask('Our counsel is travelling this week.');
  const pending = judgeRound.locator('[data-request-status="pending"]');
  await pending.filter({ hasText: 'Our counsel is travelling this week.' }).waitFor();
  const requestId = (await pending.getAttribute('data-request-id'))!;
  const prefix = `grant-${requestId.slice(0, 8)}`;
  await pending.locator(`input[name="${prefix}Date"]`).fill(dateIn('America/New_York', 4));
  await pending.locator(`input[name="${prefix}Time"]`).fill('12:00');
  await pending.locator(`input[name="${prefix}Zone"]`).fill('America/New_York');
  await pending.locator('[data-action="grant"]').click();
  await round.locator(`[data-request-id="${requestId}"][data-request-status="granted"]`).waitFor();
  const granted = await judgeApi.ok(judgeApi.get(`/cases/${caseId}/rounds/${opened.id}`));
  expect(granted.deadline.setIn.timeZone).toBe('America/New_York');
  await round.locator(`[data-testid="round-deadline"][data-instant="${granted.deadline.at}"]`).waitFor();
  expect(await round.getByTestId('round-deadline').getAttribute('data-zone')).toBe('Asia/Shanghai');
  // The deadline is also shown on the clock it was set in.
  expect(await round.locator('.hearing-time__set-in').innerText()).toMatch(/\b(12:00:00\s?PM|12:00:00)/);

  // A second request is refused, with the court's reason.
  await ask('And one more week, please.');
  const second = judgeRound.locator('[data-request-status="pending"]');
  await second.waitFor();
  await second.locator('input[name="decisionReason"]').fill('Four days is enough.');
  await second.locator('[data-action="deny"]').click();
  await round.locator('[data-request-status="denied"]').filter({ hasText: 'Four days is enough.' }).waitFor();

  // The judge extends by two whole days (same wall-clock time in New York), then closes the round.
  const extend = judgeRound.locator('form[data-form="extend-round"]');
  await extend.locator('input[name="addDays"]').fill('2');
  await extend.getByRole('button', { name: en['trial.extend'] }).click();
  await judgeRound.getByTestId('extend-status').filter({ hasText: en['trial.extended'] }).waitFor();
  const extended = await judgeApi.ok(judgeApi.get(`/cases/${caseId}/rounds/${opened.id}`));
  expect(extended.deadline.setIn.local.slice(-5)).toBe('12:00');
  await round.locator(`[data-testid="round-deadline"][data-instant="${extended.deadline.at}"]`).waitFor();

  const close = judgeRound.locator('form[data-form="close-round"]');
  await close.locator('input[name="closeReason"]').fill('The parties settled the damages question.');
  await close.locator('[data-action="close-round"]').click();
  await round.locator('[data-round-status="closed"]').waitFor();
  expect(await round.locator('form[data-form="answer"]').count()).toBe(0);
  expect(await round.locator('[data-standing]').getAttribute('data-standing')).toBe('missed');

  // The claimant withdraws consent: both pages show the case tried in live hearings again.
  await a.locator('textarea[name="withdrawReason"]').fill('We prefer to be heard in person.');
  await a.locator('[data-action="withdraw-consent"]').click();
  await a.getByTestId('consent-status').filter({ hasText: en['trial.consentWithdrawnDone'] }).waitFor();
  for (const page of [a, judge]) await page.locator('[data-trial-mode="live"]').waitFor();
  await judge.getByTestId('consent-list').locator(`[data-participant-id="${claimant.id}"][data-consent="withdrawn"]`).filter({ hasText: 'We prefer to be heard in person.' }).waitFor();

  // Opened again later, the closed round is listed in brief and shown in full on request.
  await a.reload({ waitUntil: 'domcontentloaded' });
  const summary = a.locator(`article.round--summary[data-round-id="${opened.id}"]`);
  await summary.waitFor();
  await summary.locator('[data-action="show-round"]').click();
  await a.locator(`article.round[data-round-id="${opened.id}"] [data-round-status="closed"]`).waitFor();
  expect(await a.locator(`article.round[data-round-id="${opened.id}"] [data-request-status]`).count()).toBe(2);
}, 180_000);
