// The case record pages (court.html) in headless Chromium, for the end-to-end suites that drive
// them: each page in a fresh browser context (its own storage) in London, the page's test hook,
// a participant's socket ready for pushes, and the judge signed in through the login page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { inboxChannel } from '../../server/realtime/socketTypes.js';
import { en } from '../../client/src/messages/en.js';
import { STAFF_PASSWORD } from '../helpers/caseRecordClient.js';
import { eventually } from './hearingParty.js';

/** window.crosscourtRecord, as client/src/record/recordHook.ts documents it: the parts `T` reads. */
export function recordHookOf<T>(page: Page): Promise<T> {
  return page.evaluate(() => {
    const hook = (globalThis as { crosscourtRecord?: unknown }).crosscourtRecord;
    if (!hook) throw new Error('window.crosscourtRecord is missing: is the client built (npm run build:client)?');
    return JSON.parse(JSON.stringify(hook)) as T;
  });
}

export class RecordPages {
  readonly #server: RunningCourtServer;
  readonly #browser: Browser;
  readonly #judgeUsername: string;
  readonly #contexts: BrowserContext[] = [];

  constructor(server: RunningCourtServer, browser: Browser, judgeUsername: string) {
    this.#server = server;
    this.#browser = browser;
    this.#judgeUsername = judgeUsername;
  }

  /** A fresh browser in London (own storage) with court.html open at `hash`. */
  async open(hash: string, name: string): Promise<Page> {
    const context = await this.#browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    this.#contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${name}] page error:`, error));
    await page.goto(`${this.#server.url}/court.html${hash}`, { waitUntil: 'domcontentloaded' });
    return page;
  }

  /** Waits until the page's socket is in the participant's inbox: from then on no push is missed. */
  async inboxReady(page: Page, participantId: string, name: string): Promise<void> {
    await eventually(`${name}'s page to connect for pushes`, () => recordHookOf<{ trial: { inbox: string } | null }>(page), (hook) => hook.trial?.inbox === 'connected');
    await eventually(`${name}'s socket to join its inbox`, async () => this.#server.io.of('/').adapter.rooms.get(inboxChannel(participantId))?.size ?? 0, (size) => size > 0);
  }

  /** Signs the judge in on court.html and opens the case page. */
  async judgePage(caseId: string): Promise<Page> {
    const judge = await this.open('#/login', 'judge');
    await judge.locator('input[name="username"]').fill(this.#judgeUsername);
    await judge.locator('input[name="password"]').fill(STAFF_PASSWORD);
    await judge.getByRole('button', { name: en['login.submit'] }).click();
    await eventually('the judge to be signed in', () => recordHookOf<{ route: string }>(judge), (hook) => hook.route === 'cases');
    await judge.goto(`${this.#server.url}/court.html#/cases/${caseId}`);
    return judge;
  }

  /** Closes every page opened so far. */
  async closeAll(): Promise<void> {
    await Promise.all(this.#contexts.splice(0).map((context) => context.close()));
  }
}
