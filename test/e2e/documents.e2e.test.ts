// End to end: documents written together in the case record pages (client/court.html), in
// headless Chromium against a real court server. The claimant opens a statement of agreed facts
// from the case page; the claimant's and the respondent's pages each type into it and see the
// other's words and named cursor; the judge's page reads it and can change nothing — not by
// typing, not by forcing the text editable — and nothing the judge tries reaches the parties or
// the store; a participant removed from the case is told why the court closed the connection.
// A bilingual settlement shows its two languages side by side, paragraphs lined up by paragraph
// id, the one needing review marked. The judge writes and releases the minutes. A mediator starts
// a settlement from the court's template, saves, compares and restores a version, locks it, and
// everyone named signs it. Build the client first (`npm run build:client`).
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { bodyFragmentName, REVIEW_MAP, reviewKey } from '../../server/domain/documents/documentContent.js';
import { en } from '../../client/src/messages/en.js';
import { zhCN } from '../../client/src/messages/zh-CN.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { ApiClient, createStaff, redeem, signIn, STAFF_PASSWORD } from '../helpers/caseRecordClient.js';
import { DocumentPeer } from '../helpers/documentClient.js';
import { eventually, fillMessage, launchChromium } from './hearingParty.js';

// window.crosscourtRecord.document, as client/src/record/recordHook.ts documents it (declared
// again: that file needs the DOM library, which the tests are not compiled with).
interface DocumentHook {
  id: string;
  access: 'write' | 'read';
  languages: string[];
  connection: 'connecting' | 'synced' | 'offline' | 'refused';
  reason?: string;
  present: Array<{ name: string; role: string }>;
  denied: number;
  texts: Record<string, string>;
}

const CLAIMANT = 'Zhang Wei';
const RESPONDENT = 'Ana Silva';
const JUDGE = 'Judge Amara Okafor';

let server: RunningCourtServer;
let browser: Browser;
let judge: ApiClient;
let caseId: string;
const contexts: BrowserContext[] = [];
const peers: DocumentPeer[] = [];
const invited: Record<'claimant' | 'respondent', { participantId: string }> = {} as never;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestCourt(), launchChromium()]);
  await createStaff(server, 'judge-documents-e2e', 'judge', JUDGE);
  judge = await signIn(server, 'judge-documents-e2e');
  caseId = (await judge.ok(judge.post('/cases', { title: 'Zhang v. Silva (sale of goods)', languages: ['en', 'zh'], locale: 'en', timeZone: 'Europe/London' }))).id;
}, 60_000);

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.destroy();
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

async function newPage(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
  return page;
}

/** A party added to the case, whose page opens their invitation and lands on the case page. */
async function openAsParty(role: 'claimant' | 'respondent', displayName: string, inCase = caseId): Promise<Page> {
  const participant = await judge.ok(judge.post(`/cases/${inCase}/participants`, { role, displayName, locale: 'en', timeZone: role === 'claimant' ? 'Asia/Shanghai' : 'America/Sao_Paulo' }));
  invited[role] = { participantId: participant.id };
  const { token } = await judge.ok(judge.post(`/cases/${inCase}/participants/${participant.id}/invitations`, {}));
  const page = await newPage(role);
  await page.goto(`${server.url}/court.html#/invitation/${token}`, { waitUntil: 'domcontentloaded' });
  await page.waitForURL(`${server.url}/court.html#/cases/${inCase}`);
  return page;
}

/** The judge's page, signed in as the case record's sign-in page would leave it. */
function openAsJudge(hash: string): Promise<Page> {
  return openAsStaff('judge-documents-e2e', hash);
}

function documentHook(page: Page): Promise<DocumentHook | null> {
  return page.evaluate(() => {
    const hook = (globalThis as { crosscourtRecord?: { document: unknown } }).crosscourtRecord;
    if (!hook) throw new Error('window.crosscourtRecord is missing: is the client built (npm run build:client)?');
    return JSON.parse(JSON.stringify(hook.document)) as DocumentHook | null;
  });
}

function synced(page: Page, who: string): Promise<DocumentHook | null> {
  return eventually(`${who}'s document to be in sync`, () => documentHook(page), (hook) => hook?.connection === 'synced');
}

function textOf(page: Page, language = 'en'): Promise<string> {
  return documentHook(page).then((hook) => hook?.texts[language] ?? '');
}

const editorOf = (page: Page, language = 'en') => page.locator(`.document-editor[data-language="${language}"] .ProseMirror`);

/** The text as the court stored it (what a restarted server would load). */
async function storedText(documentId: string, language = 'en'): Promise<string> {
  const doc = new Y.Doc();
  for (const update of await server.court.documents.loadUpdates(documentId)) Y.applyUpdate(doc, update);
  const text = doc.getXmlFragment(bodyFragmentName(language)).toArray().map((block) => (block instanceof Y.XmlElement ? block.toArray().map((child) => (child instanceof Y.XmlText ? child.toString().replace(/<[^>]+>/g, '') : '')).join('') : ''));
  doc.destroy();
  return text.join('\n');
}

test('two parties write the statement of agreed facts together and see each other’s words and named cursors; the judge reads it and can change nothing', async () => {
  const claimant = await openAsParty('claimant', CLAIMANT);
  const respondent = await openAsParty('respondent', RESPONDENT);

  // The claimant is offered the kinds a party may open (not the minutes), and opens one.
  const form = claimant.locator('form[data-form="create-document"]');
  await form.waitFor();
  expect(await form.locator('select[name="kind"] option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(['agreedFacts', 'settlement']);
  await form.locator('select[name="kind"]').selectOption('agreedFacts');
  await form.locator('input[name="title"]').fill('Agreed facts');
  expect(await form.locator('input[name="languages"]:checked').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('value')))).toEqual(['en']);
  await form.getByRole('button', { name: en['documents.createSubmit'] }).click();
  await claimant.waitForURL(new RegExp(`#/cases/${caseId}/documents/[0-9a-f-]{36}$`));
  const documentId = /documents\/([0-9a-f-]{36})$/.exec(claimant.url())![1]!;
  expect((await synced(claimant, 'the claimant'))!.access).toBe('write');

  // The respondent finds it on the case page and opens it.
  await respondent.reload({ waitUntil: 'domcontentloaded' });
  const row = respondent.locator(`tr[data-document-id="${documentId}"]`);
  await row.waitFor();
  expect(await row.innerText()).toContain(en['documents.kind.agreedFacts']);
  expect(await row.getAttribute('data-access')).toBe('write');
  await row.locator('[data-link="open-document"]').click();
  await synced(respondent, 'the respondent');

  // Each types; each sees the other's words.
  await editorOf(claimant).click();
  await claimant.keyboard.type('The contract was signed on 1 March 2025.');
  await eventually('the respondent to see the claimant’s words', () => textOf(respondent), (text) => text.includes('The contract was signed on 1 March 2025.'));
  await editorOf(respondent).click();
  await respondent.keyboard.press('Control+End');
  await respondent.keyboard.press('Enter');
  await respondent.keyboard.type('Delivery was due on 1 May 2025.');
  await eventually('the claimant to see the respondent’s words', () => textOf(claimant), (text) => text === 'The contract was signed on 1 March 2025.\nDelivery was due on 1 May 2025.');
  expect(await textOf(respondent)).toBe(await textOf(claimant));

  // Each sees the other's cursor, with the name and role the court gives them.
  await editorOf(claimant).click();
  await claimant.keyboard.press('Control+Home');
  const respondentCursor = claimant.locator(`.ProseMirror-yjs-cursor[data-cursor-name="${RESPONDENT}"]`);
  await respondentCursor.waitFor();
  expect(await respondentCursor.innerText()).toContain(`${RESPONDENT} · ${en['role.respondent']}`);
  expect(await respondentCursor.getAttribute('data-cursor-role')).toBe('respondent');
  const claimantCursor = respondent.locator(`.ProseMirror-yjs-cursor[data-cursor-name="${CLAIMANT}"]`);
  await claimantCursor.waitFor();
  expect(await claimantCursor.innerText()).toContain(`${CLAIMANT} · ${en['role.claimant']}`);
  await eventually('the claimant to see the respondent here', () => documentHook(claimant), (hook) => hook?.present.some((person) => person.name === RESPONDENT && person.role === 'respondent') === true);

  // The judge reads it: no toolbar, nothing editable, told why.
  const judgePage = await openAsJudge(`#/cases/${caseId}/documents/${documentId}`);
  const judgeHook = await synced(judgePage, 'the judge');
  expect(judgeHook!.access).toBe('read');
  await eventually('the judge to see the parties’ text', () => textOf(judgePage), (text) => text === 'The contract was signed on 1 March 2025.\nDelivery was due on 1 May 2025.');
  expect(await editorOf(judgePage).getAttribute('contenteditable')).toBe('false');
  expect(await judgePage.locator('.document-toolbar').isVisible()).toBe(false);
  expect(await judgePage.getByTestId('document-access').innerText()).toBe(en['document.readOnlyRole']);
  expect(await judgePage.getByTestId('document-state').innerText()).toContain(en['documents.accessRead']);

  // The judge tries to type, then forces the text editable and tries again.
  await editorOf(judgePage).click();
  await judgePage.keyboard.type('JUDGE TYPED THIS');
  await judgePage.evaluate(() => {
    const editor = (globalThis as unknown as { document: { querySelector(selector: string): { setAttribute(name: string, value: string): void; focus(): void } | null } }).document.querySelector('.ProseMirror');
    editor?.setAttribute('contenteditable', 'true');
    editor?.focus();
  });
  await judgePage.keyboard.press('Control+End');
  await judgePage.keyboard.type('FORCED BY THE JUDGE');
  await judgePage.keyboard.press('Enter');
  // Given time to travel, had it been sent; then a party's edit that surely is.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await editorOf(claimant).click();
  await claimant.keyboard.press('Control+End');
  await claimant.keyboard.type(' Payment was not made.');
  await eventually('the respondent to see the claimant’s last words', () => textOf(respondent), (text) => text.endsWith('Payment was not made.'));
  const agreed = 'The contract was signed on 1 March 2025.\nDelivery was due on 1 May 2025. Payment was not made.';
  await eventually('the judge to see it too', () => textOf(judgePage), (text) => text === agreed);
  for (const page of [claimant, respondent]) expect(await textOf(page)).toBe(agreed);
  expect(await storedText(documentId)).toBe(agreed);
  for (const page of [claimant, respondent]) expect(await editorOf(page).innerText()).not.toMatch(/JUDGE|FORCED/);
  // The judge's own editor kept none of it either: it never made an edit to send.
  expect(await textOf(judgePage)).toBe(agreed);
  expect((await documentHook(judgePage))!.denied).toBe(0);

  // The respondent is removed from the case: the court closes the connection and the page says why.
  await judge.ok(judge.call('DELETE', `/cases/${caseId}/participants/${invited.respondent.participantId}`));
  const refused = await eventually('the respondent’s page to be refused', () => documentHook(respondent), (hook) => hook?.connection === 'refused');
  expect(refused!.reason).toBe('ACCESS_REVOKED');
  const connection = respondent.getByTestId('document-connection');
  expect(await connection.innerText()).toBe(fillMessage(en['document.connection.refused'], { reason: en['document.close.ACCESS_REVOKED'] }));
  await respondent.locator('#language').selectOption({ label: zhCN['language.name'] });
  await connection.filter({ hasText: fillMessage(zhCN['document.connection.refused'], { reason: zhCN['document.close.ACCESS_REVOKED'] }) }).waitFor();
}, 120_000);

test('a bilingual settlement shows its two languages side by side, each paragraph on the line of its counterpart, and the one needing review marked', async () => {
  const claimant = await openAsParty('claimant', `${CLAIMANT} (2)`);
  const form = claimant.locator('form[data-form="create-document"]');
  await form.waitFor();
  await form.locator('select[name="kind"]').selectOption('settlement');
  await form.locator('input[name="languages"][value="zh"]').check();
  await form.getByRole('button', { name: en['documents.createSubmit'] }).click();
  await claimant.waitForURL(new RegExp(`#/cases/${caseId}/documents/[0-9a-f-]{36}$`));
  const documentId = /documents\/([0-9a-f-]{36})$/.exec(claimant.url())![1]!;
  const hook = await synced(claimant, 'the claimant');
  expect(hook!.languages).toEqual(['en', 'zh']);
  expect(await claimant.locator('h1').innerText()).toBe(en['documents.defaultTitle.settlement']);

  // Two editors, side by side.
  const [english, chinese] = [claimant.locator('.document-editor[data-language="en"]'), claimant.locator('.document-editor[data-language="zh"]')];
  const [left, right] = [(await english.boundingBox())!, (await chinese.boundingBox())!];
  expect(Math.abs(left.y - right.y)).toBeLessThan(2);
  expect(left.x + left.width).toBeLessThanOrEqual(right.x);
  expect(await claimant.locator('.document-toolbar:visible').count()).toBe(2);

  // A respondent's client (the real y-websocket provider) writes both languages, linked by pid:
  // the first English clause is long, the Chinese one short; then it changes the English second
  // clause, so the Chinese one needs review. (The court marks that itself once its review rule
  // runs; this client sets the same mark, as the content model describes it.)
  const respondentClient = await inviteClient('respondent', `${RESPONDENT} (2)`);
  const peer = new DocumentPeer(server.url, documentId, respondentClient.token);
  peers.push(peer);
  await peer.synced();
  const paragraph = (pid: string, text: string) => {
    const element = new Y.XmlElement('paragraph');
    element.setAttribute('pid', pid);
    element.insert(0, [new Y.XmlText(text)]);
    return element;
  };
  const long = 'The respondent pays the claimant 10,000 EUR within thirty days of signing, by bank transfer to the account the claimant names in writing; late payment bears interest at the statutory rate. '.repeat(3);
  peer.doc.transact(() => {
    peer.doc.getXmlFragment(bodyFragmentName('en')).insert(0, [paragraph('clause-1', long), paragraph('clause-2', 'Each side bears its own costs.')]);
    peer.doc.getXmlFragment(bodyFragmentName('zh')).insert(0, [paragraph('clause-1', '被申请人支付一万欧元。'), paragraph('clause-2', '双方各自承担费用。')]);
  });
  peer.doc.transact(() => {
    ((peer.doc.getXmlFragment(bodyFragmentName('en')).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert('Each side bears its own costs'.length, ' and fees');
    peer.doc.getMap(REVIEW_MAP).set(reviewKey('zh', 'clause-2'), { changedIn: 'en', at: new Date().toISOString() });
  });

  const englishSecond = english.locator('[data-pid="clause-2"]');
  const chineseSecond = chinese.locator('[data-pid="clause-2"]');
  await chineseSecond.and(claimant.locator('.block--needs-review')).waitFor();
  expect(await chineseSecond.getAttribute('data-needs-review')).toBe('en');
  expect(await chineseSecond.getAttribute('title')).toContain('en (');
  expect(await english.locator('.block--needs-review').count()).toBe(0);
  // The long English clause wraps over several lines; its short Chinese counterpart does not.
  // The second clauses still start on one line.
  const firstHeights = [(await english.locator('[data-pid="clause-1"]').boundingBox())!.height, (await chinese.locator('[data-pid="clause-1"]').boundingBox())!.height];
  expect(firstHeights[0]).toBeGreaterThan(firstHeights[1]! * 2);
  await eventually(
    'the second clauses to start on one line',
    async () => [(await englishSecond.boundingBox())!.y, (await chineseSecond.boundingBox())!.y],
    ([a, b]) => Math.abs(a! - b!) < 2,
  );

  // One language at a time: the other column goes.
  await claimant.locator('[data-layout="zh"]').click();
  await english.waitFor({ state: 'hidden' });
  expect(await chinese.isVisible()).toBe(true);
}, 120_000);

test('the judge opens the minutes from the case page, writes them, and releases them to the parties', async () => {
  const page = await openAsJudge(`#/cases/${caseId}`);
  const form = page.locator('form[data-form="create-document"]');
  await form.waitFor();
  // The court's staff open the minutes and, for the parties to write, a statement of agreed facts.
  expect(await form.locator('select[name="kind"] option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(['minutes', 'agreedFacts']);
  await form.locator('select[name="kind"]').selectOption('minutes');
  await form.locator('input[name="title"]').fill('Minutes of the first hearing');
  await form.getByRole('button', { name: en['documents.createSubmit'] }).click();
  await page.waitForURL(new RegExp(`#/cases/${caseId}/documents/[0-9a-f-]{36}$`));
  const documentId = /documents\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  expect((await synced(page, 'the judge'))!.access).toBe('write');
  await editorOf(page).click();
  await page.keyboard.type('The hearing opened at 10:00.');
  await eventually('the minutes to be stored', () => storedText(documentId), (text) => text === 'The hearing opened at 10:00.');

  await page.getByRole('link', { name: en['document.backToCase'] }).click();
  const row = page.locator(`tr[data-document-id="${documentId}"]`);
  await row.waitFor();
  expect(await row.locator('[data-released]').innerText()).toBe(en['documents.notReleased']);
  await row.locator('[data-action="release-minutes"]').click();
  await page.getByTestId('documents-status').filter({ hasText: fillMessage(en['documents.releasedNow'], { title: 'Minutes of the first hearing' }) }).waitFor();
  await page.locator(`tr[data-document-id="${documentId}"] [data-released="true"]`).waitFor();
  expect(await page.locator(`tr[data-document-id="${documentId}"] [data-action="release-minutes"]`).count()).toBe(0);
}, 120_000);

test('a mediator starts a settlement from the court’s template, saves a version, compares and restores it, locks the final text, and the parties and the mediator sign it', async () => {
  // A case of its own: the court names every party of the case as a signer.
  const caseId = (await judge.ok(judge.post('/cases', { title: 'Zhang v. Silva (mediation)', languages: ['en'], locale: 'en', timeZone: 'Europe/London' }))).id as string;
  await createStaff(server, 'mediator-documents-e2e', 'mediator', 'Mediator Ruth Adeyemi');
  const mediatorParticipant = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role: 'mediator', displayName: 'Mediator Ruth Adeyemi', locale: 'en', timeZone: 'Europe/London', username: 'mediator-documents-e2e' }));
  const claimant = await openAsParty('claimant', CLAIMANT, caseId);
  const respondentClient = await inviteClient('respondent', RESPONDENT, caseId);
  const mediator = await openAsStaff('mediator-documents-e2e', `#/cases/${caseId}`);

  // From the court's template, in English.
  const form = mediator.locator('form[data-form="create-document"]');
  await form.waitFor();
  await form.locator('select[name="kind"]').selectOption('settlement');
  await form.locator('input[name="title"]').fill('Settlement agreement');
  await form.locator('input[name="template"]').check();
  await form.getByRole('button', { name: en['documents.createSubmit'] }).click();
  await mediator.waitForURL(new RegExp(`#/cases/${caseId}/documents/[0-9a-f-]{36}$`));
  const documentId = /documents\/([0-9a-f-]{36})$/.exec(mediator.url())![1]!;
  await synced(mediator, 'the mediator');
  const template = await eventually('the template’s text', () => textOf(mediator), (text) => text.length > 20);

  // A named version, a change, what changed since, and back to the version.
  const versions = mediator.locator('[data-tool="versions"]');
  await versions.locator('input[name="versionName"]').fill('Draft 1');
  await versions.getByRole('button', { name: en['versions.save'] }).click();
  await versions.getByTestId('versions-status').filter({ hasText: fillMessage(en['versions.saved'], { name: 'Draft 1' }) }).waitFor();
  await editorOf(mediator).click();
  await mediator.keyboard.press('Control+End');
  await mediator.keyboard.press('Enter');
  await mediator.keyboard.type('The respondent pays 10,000 EUR.');
  await eventually('the new clause to be stored', () => storedText(documentId), (text) => text.includes('The respondent pays 10,000 EUR.'));
  await versions.locator('[data-action="compare-version"]').click();
  const diff = versions.getByTestId('version-diff');
  await diff.locator('[data-status="added"] ins', { hasText: 'The respondent pays 10,000 EUR.' }).waitFor();
  await versions.locator('[data-action="restore-version"]').click();
  await versions.getByTestId('versions-status').filter({ hasText: fillMessage(en['versions.restored'], { name: 'Draft 1' }) }).waitFor();
  await eventually('the text to be the version’s again', () => textOf(mediator), (text) => text === template);

  // The mediator locks the final text: nothing is editable any more, and the court names the signers.
  const signing = mediator.locator('[data-tool="signing"]');
  await signing.locator('input[name="final"]').check();
  await signing.locator('[data-action="lock-document"]').click();
  await signing.getByTestId('document-hash').waitFor();
  expect(await signing.getByTestId('document-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
  expect(await editorOf(mediator).getAttribute('contenteditable')).toBe('false');
  expect((await documentHook(mediator))!.access).toBe('read');
  expect(await mediator.getByTestId('document-access').innerText()).toBe(en['document.readOnlyLocked']);

  // The claimant signs from their page, the respondent through the API, the mediator last.
  await claimant.goto(`${server.url}/court.html#/cases/${caseId}/documents/${documentId}`);
  await synced(claimant, 'the claimant');
  expect((await documentHook(claimant))!.access).toBe('read');
  const claimantSigning = claimant.locator('[data-tool="signing"]');
  await claimantSigning.locator('[data-action="sign-document"]').click();
  await claimantSigning.getByTestId('signing-status').filter({ hasText: en['signing.signed'] }).waitFor();
  expect(await claimantSigning.locator('[data-action="sign-document"]').count()).toBe(0);
  await respondentClient.ok(respondentClient.post(`/cases/${caseId}/documents/${documentId}/signatures`, {}));
  await signing.locator(`[data-participant-id="${mediatorParticipant.id}"] [data-action="sign-document"]`).click();
  await signing.locator('[data-complete="true"]').waitFor();
  expect(await signing.locator('[data-signed="false"]').count()).toBe(0);

  // The signed copy downloads as a PDF.
  const [download] = await Promise.all([mediator.waitForEvent('download'), signing.locator('[data-action="export-pdf"]').click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const path = await download.path();
  expect((await readFile(path!)).subarray(0, 5).toString()).toBe('%PDF-');
}, 180_000);

/** A member of the court's staff signed in, as the case record's sign-in page would leave them. */
async function openAsStaff(username: string, hash: string): Promise<Page> {
  const client = new ApiClient(server.url);
  const session = await client.ok(client.post('/sessions', { username, password: STAFF_PASSWORD }));
  const stored = { ...session, accessExpiresAt: Date.now() + session.expiresIn * 1000 };
  const page = await newPage(username);
  await page.addInitScript((value) => (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem('crosscourt.session', value), JSON.stringify(stored));
  await page.goto(`${server.url}/court.html${hash}`, { waitUntil: 'domcontentloaded' });
  return page;
}

/** A party signed in through their invitation, for a client outside the browser. */
async function inviteClient(role: 'respondent', displayName: string, inCase = caseId): Promise<ApiClient> {
  const participant = await judge.ok(judge.post(`/cases/${inCase}/participants`, { role, displayName, locale: 'pt-BR', timeZone: 'America/Sao_Paulo' }));
  const { token } = await judge.ok(judge.post(`/cases/${inCase}/participants/${participant.id}/invitations`, {}));
  return redeem(server, token);
}
