// The case record pages (court.html) in headless Chromium, for the end-to-end suites that drive
// them: each page in a fresh browser context (its own storage) in London, the page's test hook,
// a participant's socket ready for pushes, and the judge signed in through the login page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { StaffRole } from '../../server/domain/access/roles.js';
import { inboxChannel } from '../../server/realtime/socketTypes.js';
import { en } from '../../client/src/messages/en.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { createStaff, signIn, STAFF_PASSWORD, type ApiClient } from '../helpers/caseRecordClient.js';
import { eventually, launchChromium } from './hearingParty.js';

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

/** A member of the court's staff a suite works as: signed in over the API, and on their pages. */
export interface SuiteStaff {
  readonly username: string;
  readonly role: StaffRole;
  readonly displayName: string;
}

export interface RecordPagesSuite {
  /** The suite's court and browser (from its beforeAll on). */
  readonly server: RunningCourtServer;
  readonly browser: Browser;
  /** A staff member's API client, signed in once for the suite. */
  api(username: string): ApiClient;
  /** A staff member's pages; every page is closed after each test. */
  pages(username: string): RecordPages;
}

/**
 * The hooks of a suite on the case record pages: a court started with `env`, Chromium, the staff
 * created and signed in, and every page closed after each test. Call it at the top of the file;
 * its beforeAll runs before any the file adds.
 */
export function recordPagesSuite(env: Record<string, string>, staff: readonly SuiteStaff[]): RecordPagesSuite {
  let started: { server: RunningCourtServer; browser: Browser; apis: Map<string, ApiClient>; pages: Map<string, RecordPages> } | undefined;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startTestCourt(env), launchChromium()]);
    started = { server, browser, apis: new Map(), pages: new Map() };
    for (const member of staff) {
      await createStaff(server, member.username, member.role, member.displayName);
      started.apis.set(member.username, await signIn(server, member.username));
      started.pages.set(member.username, new RecordPages(server, browser, member.username));
    }
  }, 60_000);
  afterEach(async () => {
    await Promise.all([...(started?.pages.values() ?? [])].map((pages) => pages.closeAll()));
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.server.close();
  }, 30_000);

  const suite = () => {
    if (started === undefined) throw new Error('the record pages suite has not started yet (use it in a test or a hook)');
    return started;
  };
  const of = <T>(found: T | undefined, username: string): T => {
    if (found === undefined) throw new Error(`${username} is not among the suite's staff`);
    return found;
  };
  return {
    get server() {
      return suite().server;
    },
    get browser() {
      return suite().browser;
    },
    api: (username) => of(suite().apis.get(username), username),
    pages: (username) => of(suite().pages.get(username), username),
  };
}
