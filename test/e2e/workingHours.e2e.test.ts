// End to end: a participant sets their own working hours on the case page (client/court.html)
// in headless Chromium, sees them in the participant list in English and in Chinese, and the
// court has them. Build the client first (`npm run build:client`).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { ApiClient, createStaff, signIn } from '../helpers/caseRecordClient.js';
import { fillMessage, launchChromium } from './hearingParty.js';

let server: RunningCourtServer;
let browser: Browser;
let judge: ApiClient;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestCourt(), launchChromium()]);
  await createStaff(server, 'judge-hours-e2e', 'judge', 'Judge Okafor');
  judge = await signIn(server, 'judge-hours-e2e');
}, 60_000);

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await browser?.close();
  await server?.close();
}, 30_000);

async function openAsInvited(token: string): Promise<Page> {
  // The browser is in London; the claimant's hours are read in their own zone, São Paulo.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[claimant] page error:', error));
  await page.goto(`${server.url}/court.html#/invitation/${token}`, { waitUntil: 'domcontentloaded' });
  return page;
}

test('a claimant in São Paulo sets Tuesday–Saturday 14:00–22:00 on the case page, sees it in the participant list in English and Chinese, and the court has it', async () => {
  const caseId = (await judge.ok(judge.post('/cases', { title: 'Silva v. Moreau', languages: ['pt', 'en'], locale: 'en-GB', timeZone: 'Europe/London' }))).id;
  const claimant = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'claimant', displayName: 'Ana Silva', locale: 'en', timeZone: 'America/Sao_Paulo' }));
  const { token } = await judge.ok(judge.post(`/cases/${caseId}/participants/${claimant.id}/invitations`, {}));

  const page = await openAsInvited(token);
  await page.waitForURL(`${server.url}/court.html#/cases/${caseId}`);
  const form = page.locator('form[data-form="working-hours"]');
  await form.waitFor();
  // Told which zone the hours are read in, and shown the court's default week to start from.
  expect(await form.innerText()).toContain(fillMessage(en['workingHours.intro'], { zone: 'America/Sao_Paulo' }));
  const ownRow = page.locator(`tr[data-participant-id="${claimant.id}"]`);
  await ownRow.locator('[data-working-hours]').filter({ hasText: 'Mon–Fri 09:00–17:00' }).waitFor();
  const ticked = () => form.locator('input[type="checkbox"]').evaluateAll((boxes) => boxes.map((box) => (box as unknown as { checked: boolean }).checked));
  expect(await ticked()).toEqual([true, true, true, true, true, false, false]);

  // An end before the start is caught on the page, saying which day.
  await form.locator('input[name="end-2"]').fill('08:00');
  await form.getByRole('button', { name: en['workingHours.submit'] }).click();
  await page.getByTestId('working-hours-status').filter({ hasText: fillMessage(en['workingHours.endBeforeStart'], { day: en['weekday.2'], start: '09:00', end: '08:00' }) }).waitFor();

  // Monday off, Saturday on, 14:00–22:00 each day.
  await form.locator('input[name="works-1"]').uncheck();
  await form.locator('input[name="works-6"]').check();
  for (const day of [2, 3, 4, 5, 6]) {
    await form.locator(`input[name="start-${day}"]`).fill('14:00');
    await form.locator(`input[name="end-${day}"]`).fill('22:00');
  }
  await form.getByRole('button', { name: en['workingHours.submit'] }).click();
  await page.getByTestId('working-hours-status').filter({ hasText: en['workingHours.saved'] }).waitFor();
  await ownRow.locator('[data-working-hours]').filter({ hasText: 'Tue–Sat 14:00–22:00' }).waitFor();

  const { participants } = await judge.ok(judge.get(`/cases/${caseId}/participants`));
  expect(participants.find((p: { id: string }) => p.id === claimant.id).workingHours).toEqual({ days: [2, 3, 4, 5, 6], start: '14:00', end: '22:00' });

  // After a reload the form starts from what was saved; in Chinese the days are named in Chinese.
  await page.reload({ waitUntil: 'domcontentloaded' });
  await form.waitFor();
  expect(await ticked()).toEqual([false, true, true, true, true, true, false]);
  expect(await form.locator('input[name="start-6"]').inputValue()).toBe('14:00');
  await page.locator('#language').selectOption({ label: zhCN['language.name'] });
  await ownRow.locator('[data-working-hours]').filter({ hasText: `${zhCN['weekdayShort.2']}–${zhCN['weekdayShort.6']} 14:00–22:00` }).waitFor();
  expect(await page.getByTestId('working-hours').locator('h3').innerText()).toBe(zhCN['workingHours.heading']);
}, 60_000);
