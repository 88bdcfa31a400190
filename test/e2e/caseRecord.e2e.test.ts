// End to end: the case record pages (client/court.html) in headless Chromium against a real
// court server. A judge signs in, opens a case, adds a claimant and invites them; the claimant
// opens the link in another browser, files a PDF and downloads it again; the judge's browser
// verifies the ledger itself. Build the client first (`npm run build:client`).
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { createStaff, signIn, STAFF_PASSWORD } from '../helpers/caseRecordClient.js';
import { eventually, fillMessage, launchChromium } from './hearingParty.js';
import { recordHookOf } from './recordPages.js';

// window.crosscourtRecord, as client/src/record/recordHook.ts documents it (declared again
// here: that file needs the DOM library, which the tests are not compiled with).
interface RecordHook {
  route: string;
  principal: { kind: string; displayName: string; caseId?: string } | null;
  upload: { state: 'uploading' | 'done' | 'failed'; percent: number; evidenceId?: string; code?: string } | null;
  verification: {
    state: 'running' | 'done' | 'error';
    signatureValid: boolean | null;
    treeSize: number | null;
    entries: Array<{ seq: number; type: string | null; status: string; reason?: string }>;
    error?: string;
  } | null;
}

const JUDGE = 'judge-record-e2e';
const CLERK = 'clerk-record-e2e';
const JUDGE_NAME = 'Judge Amara Okafor';
const EVIDENCE_MAX_BYTES = 1024 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(48 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);

let server: RunningCourtServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** How far the server's clock runs ahead of the browsers': lets tokens run out without waiting. */
let serverClockAheadMs = 0;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestCourt({ EVIDENCE_MAX_BYTES: String(EVIDENCE_MAX_BYTES) }, { now: () => new Date(Date.now() + serverClockAheadMs) }), launchChromium()]);
  await createStaff(server, JUDGE, 'judge', JUDGE_NAME);
  await createStaff(server, CLERK, 'clerk', 'Clerk Tomás Reyes');
}, 60_000);

afterEach(async () => {
  serverClockAheadMs = 0;
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

/** A fresh browser (own storage) with court.html open at `hash`. */
async function openRecord(hash: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
  await page.goto(`${server.url}/court.html${hash}`, { waitUntil: 'domcontentloaded' });
  return page;
}

const hookOf = (page: Page) => recordHookOf<RecordHook>(page);

async function signInAsJudge(page: Page): Promise<void> {
  await page.locator('input[name="username"]').fill(JUDGE);
  await page.locator('input[name="password"]').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: en['login.submit'] }).click();
  await eventually('the judge to be signed in and see the cases page', () => hookOf(page), (hook) => hook.route === 'cases' && hook.principal?.kind === 'staff');
}

/** The judge opens a case from the cases page's form (the page moves to it); its id. */
async function opensCase(page: Page, title: string, languages?: string): Promise<string> {
  const form = page.locator('form[data-form="new-case"]');
  await form.locator('input[name="title"]').fill(title);
  if (languages !== undefined) await form.locator('input[name="languages"]').fill(languages);
  await form.getByRole('button', { name: en['cases.newSubmit'] }).click();
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}$/);
  return /#\/cases\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
}

test('a wrong password is refused, five in a row lock the account until a time shown locally, and the sign-in page reads in Chinese when 中文 is picked', async () => {
  const page = await openRecord('#/login', 'login');
  await page.locator('h1', { hasText: en['login.heading'] }).waitFor();

  await page.locator('input[name="username"]').fill(JUDGE);
  await page.locator('input[name="password"]').fill('not the password');
  await page.getByRole('button', { name: en['login.submit'] }).click();
  await page.getByTestId('login-error').filter({ hasText: en['problem.INVALID_CREDENTIALS'] }).waitFor();

  // Five wrong passwords in a row lock the account; the page says until when, in local time.
  await page.locator('input[name="username"]').fill(CLERK);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await Promise.all([page.waitForResponse((response) => response.url().endsWith('/api/sessions')), page.getByRole('button', { name: en['login.submit'] }).click()]);
  }
  const lockedPrefix = en['problem.ACCOUNT_LOCKED_UNTIL'].split('{until}')[0]!;
  await page.getByTestId('login-error').filter({ hasText: lockedPrefix }).waitFor();
  const locked = await page.getByTestId('login-error').innerText();
  expect(locked).toMatch(/until [^.]*\d{4}[^.]*\d{2}:\d{2}:\d{2}[^.]*\. Try again then/);
  expect(locked).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // not the server's UTC timestamp

  await page.locator('#language').selectOption({ label: zhCN['language.name'] });
  await page.locator('h1', { hasText: zhCN['login.heading'] }).waitFor();
  expect(await page.getByTestId('login-error').innerText()).toContain(zhCN['problem.ACCOUNT_LOCKED_UNTIL'].split('{until}')[0]!);
  expect(await page.locator('button[type="submit"]').innerText()).toBe(zhCN['login.submit']);
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  expect(await page.title()).toBe(zhCN['record.title']);
});

test('a judge opens a case and invites a claimant, who files a PDF that both see and download, and the judge verifies the ledger in the browser', async () => {
  // The judge signs in and opens a case.
  const judge = await openRecord('#/login', 'judge');
  await signInAsJudge(judge);
  expect(await judge.locator('form[data-form="new-case"] input[name="timeZone"]').inputValue()).toBe('Europe/London'); // the browser's zone
  const caseId = await opensCase(judge, 'Zhang v. Silva (sale of goods)', 'zh, pt-BR, en');
  await judge.locator('h1', { hasText: 'Zhang v. Silva (sale of goods)' }).waitFor();
  // The presiding judge is offered only the stages a case in negotiation may move to.
  const stages = await judge.locator('.stage-control select option').evaluateAll((options) => options.map((option) => option.getAttribute('value')));
  expect(stages).toEqual(['mediation', 'arbitration', 'trial']);

  // …adds the claimant, who lives in Shanghai…
  const add = judge.locator('form[data-form="add-participant"]');
  await add.locator('select[name="role"]').selectOption('claimant');
  await add.locator('input[name="displayName"]').fill('Zhang Wei');
  await add.locator('input[name="locale"]').fill('zh-CN');
  await add.locator('input[name="timeZone"]').fill('Asia/Shanghai');
  await add.getByRole('button', { name: en['participants.addSubmit'] }).click();
  const claimantRow = judge.locator('tr[data-role="claimant"]');
  await claimantRow.waitFor();
  expect(await claimantRow.locator('td').nth(4).innerText()).toBe('Asia/Shanghai');
  // Their local time is Shanghai's (UTC+8, no daylight saving), not the judge's London time.
  expect(await claimantRow.locator('.local-time').innerText()).toContain('GMT+8');

  // …schedules a hearing for 10:00 in Shanghai, which the judge's page shows at 02:00 London
  // time (GMT in March) and at 10:00 in the zone it was set in…
  const schedule = judge.locator('form[data-form="schedule-hearing"]');
  await schedule.locator('input[name="title"]').fill('Hearing on the merits');
  await schedule.locator('input[name="date"]').fill('2030-03-10');
  await schedule.locator('input[name="time"]').fill('10:00');
  expect(await schedule.locator('input[name="timeZone"]').inputValue()).toBe('Europe/London'); // the judge's own
  await schedule.locator('input[name="timeZone"]').fill('Asia/Shanghai');
  await schedule.locator('input[name="durationMinutes"]').fill('90');
  await schedule.getByRole('button', { name: en['hearings.scheduleSubmit'] }).click();
  const hearingRow = judge.locator('tr[data-hearing-id]', { hasText: 'Hearing on the merits' });
  await hearingRow.waitFor();
  const hearingId = (await hearingRow.getAttribute('data-hearing-id'))!;
  expect(await hearingRow.locator('[data-time="start"]').getAttribute('data-instant')).toBe('2030-03-10T02:00:00.000Z');
  expect(await hearingRow.locator('[data-time="end"]').getAttribute('data-instant')).toBe('2030-03-10T03:30:00.000Z');
  expect(await hearingRow.locator('[data-time="start"]').innerText()).toMatch(/02:00:00/);
  expect(await hearingRow.locator('[data-time-set-in="start"]').innerText()).toMatch(/10:00:00/);
  expect(await hearingRow.locator('[data-phase]').first().innerText()).toBe(en['hearingPhase.scheduled']);
  // The judge reads the hearing's record (nothing happened in it yet) and exports it.
  await hearingRow.getByRole('button', { name: en['hearings.showRecord'] }).click();
  await judge.getByTestId('hearing-record').getByText(en['hearingRecord.empty']).waitFor();
  const [exported] = await Promise.all([judge.waitForEvent('download'), judge.getByRole('button', { name: en['hearingRecord.export'] }).click()]);
  expect(exported.suggestedFilename()).toBe(`hearing-record-${hearingId}.json`);
  expect(JSON.parse(await readFile((await exported.path())!, 'utf8'))).toMatchObject({ caseId, hearing: { id: hearingId, timeZone: 'Asia/Shanghai' }, lines: [] });

  // …and invites them: the link is on the page and on the clipboard.
  await claimantRow.getByRole('button', { name: en['participants.invite'] }).click();
  const linkField = judge.getByTestId('invitation-link');
  await linkField.waitFor();
  const link = await linkField.inputValue();
  expect(link).toMatch(new RegExp(`^${server.url}/court\\.html#/invitation/[A-Za-z0-9._~-]+$`));
  await judge.getByRole('button', { name: en['participants.copyLink'] }).click();
  await judge.getByText(en['participants.copied']).waitFor();
  expect(await judge.evaluate('navigator.clipboard.readText()')).toBe(link);

  // The claimant opens the link in their own browser and lands in the case.
  const claimant = await openRecord(link.slice(server.url.length + '/court.html'.length), 'claimant');
  await claimant.waitForURL(`${server.url}/court.html#/cases/${caseId}`);
  await claimant.locator('h1', { hasText: 'Zhang v. Silva (sale of goods)' }).waitFor();
  const claimantHook = await hookOf(claimant);
  expect(claimantHook.principal).toMatchObject({ kind: 'participant', displayName: 'Zhang Wei', caseId });
  const stored = JSON.parse((await claimant.evaluate<string | null>(`sessionStorage.getItem('crosscourt.session')`)) ?? 'null');
  expect(stored).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number), principal: { kind: 'participant' } });
  // The claimant's page lists the hearing with its link into the live hearing; no scheduling form.
  const joinLink = claimant.locator(`a[data-link="join-hearing"][data-hearing-id="${hearingId}"]`);
  await joinLink.waitFor();
  expect(await joinLink.getAttribute('href')).toBe(`/?hearing=${hearingId}&autojoin=1`);
  expect(await claimant.locator('form[data-form="schedule-hearing"]').count()).toBe(0);
  expect(await claimant.getByRole('button', { name: en['hearings.showRecord'] }).count()).toBe(0);
  // A party may not change the stage or add participants.
  expect(await claimant.locator('.stage-control select').count()).toBe(0);
  expect(await claimant.locator('form[data-form="add-participant"]').count()).toBe(0);

  // The claimant files a PDF; the progress bar reaches 100 % and the exhibit is listed.
  const upload = claimant.locator('form[data-form="upload-evidence"]');
  await upload.locator('input[type="file"]').setInputFiles({ name: 'sales-contract.pdf', mimeType: 'application/pdf', buffer: PDF });
  await upload.locator('input[name="title"]').fill('Sales contract of 3 March');
  await upload.locator('textarea[name="description"]').fill('Signed by both parties');
  await upload.getByRole('button', { name: en['evidence.uploadSubmit'] }).click();
  const uploaded = await eventually('the upload to finish', () => hookOf(claimant), (hook) => hook.upload?.state === 'done' || hook.upload?.state === 'failed');
  expect(uploaded.upload).toMatchObject({ state: 'done', percent: 100 });
  expect(await upload.locator('progress').evaluate((bar) => (bar as unknown as { value: number }).value)).toBe(100);
  expect(await upload.locator('.upload__percent').innerText()).toBe('100%');
  const evidenceId = uploaded.upload!.evidenceId!;
  const claimantItem = claimant.locator(`tr[data-evidence-id="${evidenceId}"]`);
  await claimantItem.waitFor();
  expect(await claimantItem.innerText()).toContain('Sales contract of 3 March');
  expect(await claimantItem.locator('.evidence__hash').getAttribute('title')).toMatch(/^[0-9a-f]{64}$/);

  // The same file again, a text file posing as a PDF, and a file over the court's limit are
  // refused, each with its own explanation.
  const refusal = async (name: string, buffer: Buffer, mimeType: string) => {
    await upload.locator('input[type="file"]').setInputFiles({ name, mimeType, buffer });
    await upload.locator('input[name="title"]').fill(name);
    await claimant.evaluate('window.crosscourtRecord.upload = null');
    await upload.getByRole('button', { name: en['evidence.uploadSubmit'] }).click();
    const failed = await eventually(`the upload of ${name} to be refused`, () => hookOf(claimant), (hook) => hook.upload?.state === 'failed');
    return { code: failed.upload!.code, text: await upload.getByTestId('upload-status').innerText() };
  };
  expect(await refusal('again.pdf', PDF, 'application/pdf')).toEqual({ code: 'EVIDENCE_ALREADY_FILED', text: en['problem.EVIDENCE_ALREADY_FILED'] });
  const posing = await refusal('notes.pdf', Buffer.from('just some notes, not a PDF'), 'application/pdf');
  expect(posing.code).toBe('CONTENT_TYPE_MISMATCH');
  expect(posing.text.startsWith(en['problem.CONTENT_TYPE_MISMATCH'].split('{detail}')[0]!)).toBe(true);
  const huge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * EVIDENCE_MAX_BYTES, 0x20)]);
  expect(await refusal('scan.pdf', huge, 'application/pdf')).toEqual({ code: 'EVIDENCE_TOO_LARGE', text: fillMessage(en['problem.EVIDENCE_TOO_LARGE'], { limit: '1 MiB' }) });

  // The judge sees it too after reloading (the session survives the reload).
  await judge.reload({ waitUntil: 'domcontentloaded' });
  const judgeItem = judge.locator(`tr[data-evidence-id="${evidenceId}"]`);
  await judgeItem.waitFor();
  expect(await judgeItem.innerText()).toContain(fillMessage(en['evidence.filedBy'], { name: 'Zhang Wei', role: en['role.claimant'] }));
  await judge.locator('tr[data-type="evidence.filed"]').waitFor(); // on the timeline

  // The claimant downloads the exhibit: the same bytes come back.
  const [download] = await Promise.all([claimant.waitForEvent('download'), claimantItem.getByRole('button', { name: en['evidence.download'] }).click()]);
  expect(download.suggestedFilename()).toBe('sales-contract.pdf');
  expect(Buffer.compare(await readFile((await download.path())!), PDF)).toBe(0);

  // The judge verifies the case: signature and every entry checked in the browser.
  await judge.locator('a[data-link="verify"]').click();
  const verified = await eventually('the verification to finish', () => hookOf(judge), (hook) => hook.verification?.state === 'done' || hook.verification?.state === 'error');
  const { verification } = verified;
  expect(verification).toMatchObject({ state: 'done', signatureValid: true });
  expect(verification!.treeSize).toBeGreaterThanOrEqual(5); // opened, claimant added, invited, joined, evidence filed
  expect(verification!.entries).toHaveLength(verification!.treeSize!);
  expect(verification!.entries.filter((entry) => entry.status !== 'verified')).toEqual([]);
  expect(verification!.entries.map((entry) => entry.type)).toEqual(expect.arrayContaining(['case.created', 'participant.joined', 'evidence.filed']));
  expect(await judge.locator('[data-signature="valid"]').innerText()).toBe(en['verify.signatureValid']);
  expect(await judge.getByTestId('verify-summary').innerText()).toBe(fillMessage(en['verify.allVerified'], { count: String(verification!.treeSize) }));

  // The link works once: opened again, it says it has been used.
  const again = await openRecord(link.slice(server.url.length + '/court.html'.length), 'second opening');
  const refused = again.getByTestId('invitation-error');
  await refused.waitFor();
  expect(await refused.getAttribute('data-code')).toBe('INVITATION_USED');
  expect(await refused.innerText()).toBe(en['problem.INVITATION_USED']);

  // Signing out ends the session here and on the server.
  const token = stored.accessToken as string;
  await claimant.getByRole('button', { name: en['record.signOut'] }).click();
  await claimant.waitForURL(/#\/login$/);
  expect(await claimant.evaluate(`sessionStorage.getItem('crosscourt.session')`)).toBeNull();
  const after = await fetch(`${server.url}/api/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
}, 60_000);

test('a judge scheduling from the keyboard keeps their place: the "Schedule" button keeps the focus while the court answers and after, so Enter again schedules the next hearing', async () => {
  const judge = await openRecord('#/login', 'judge');
  await signInAsJudge(judge);
  await opensCase(judge, 'Okafor v. Lindqvist (carriage of goods)', 'en, sv');
  const schedule = judge.locator('form[data-form="schedule-hearing"]');
  const submit = schedule.getByRole('button', { name: en['hearings.scheduleSubmit'] });
  const focused = submit.and(judge.locator(':focus'));
  await schedule.locator('input[name="date"]').fill('2030-04-02');
  await schedule.locator('input[name="time"]').fill('09:30');
  await schedule.locator('input[name="durationMinutes"]').fill('60');
  for (const title of ['Case management conference', 'Hearing on jurisdiction']) {
    await schedule.locator('input[name="title"]').fill(title);
    await submit.focus();
    await judge.keyboard.press('Enter');
    await judge.locator('tr[data-hearing-id]', { hasText: title }).waitFor();
    await eventually('the court to have answered (the button no longer busy)', () => submit.getAttribute('aria-disabled'), (busy) => busy === null);
    // A disabled button would have dropped the focus to the page while the court answered.
    expect(await focused.count()).toBe(1);
  }
  expect(await judge.locator('tr[data-hearing-id]').count()).toBe(2);
});

test('an access token that ran out is renewed and the request retried; when the session itself has ended, staff sign in again and a participant is asked for a new invitation', async () => {
  const judge = await openRecord('#/login', 'judge');
  await signInAsJudge(judge);
  const readSession = async (page: Page) => JSON.parse((await page.evaluate<string | null>(`sessionStorage.getItem('crosscourt.session')`)) ?? 'null');
  const first = await readSession(judge);

  // 20 minutes on: the 15-minute access token has run out, the 12-hour session has not.
  serverClockAheadMs = 20 * 60_000;
  const caseId = await opensCase(judge, 'Okafor v. Berg');
  await judge.locator('h1', { hasText: 'Okafor v. Berg' }).waitFor();
  const renewed = await readSession(judge);
  expect(renewed.accessToken).not.toBe(first.accessToken);
  expect(renewed.refreshToken).not.toBe(first.refreshToken);

  // A participant joins through an invitation (issued over the API, at the same server time).
  const api = await signIn(server, JUDGE);
  const witness = await api.ok(api.post(`/cases/${caseId}/participants`, { role: 'witness', displayName: 'Jonas Berg', locale: 'sv', timeZone: 'Europe/Stockholm' }));
  const invitation = await api.ok(api.post(`/cases/${caseId}/participants/${witness.id}/invitations`, {}));
  const participant = await openRecord(`#/invitation/${invitation.token}`, 'witness');
  await participant.waitForURL(`${server.url}/court.html#/cases/${caseId}`);
  await participant.locator('h1', { hasText: 'Okafor v. Berg' }).waitFor();

  // 31 days on, both sessions have ended: renewing fails.
  serverClockAheadMs = 31 * 24 * 3600_000;
  await judge.locator('.account__link').click(); // "Your cases"
  await judge.waitForURL(/#\/login$/);
  await judge.getByText(en['record.sessionEndedStaff']).waitFor();
  expect(await judge.evaluate(`sessionStorage.getItem('crosscourt.session')`)).toBeNull();

  await participant.reload({ waitUntil: 'domcontentloaded' });
  await participant.waitForURL(/#\/session-ended$/);
  await participant.getByText(en['record.sessionEndedParticipant']).waitFor();
}, 60_000);
