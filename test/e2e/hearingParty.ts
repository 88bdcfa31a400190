// Drives one party's browser page in an end-to-end hearing: opens the client with URL
// parameters, and reads the page's diagnostic hook (window.crosscourt) and its tiles.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';

/** Debian's Chromium with a fake camera (a test pattern) and a fake microphone (a beep). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PartyOptions {
  /** The hearing the page joins (?hearing=). */
  hearingId?: string;
  /** Who the page is signed in as: put in sessionStorage as the case record pages would. */
  session?: { accessToken: string; displayName: string };
  autojoin?: boolean;
  tcp?: boolean;
  lang?: string;
  /** ?cameraHeight=: a smaller camera picture, for tests with many pages on a small machine. */
  cameraHeight?: 180 | 360 | 540 | 720;
  /** Script run in the page before the client, e.g. to make getUserMedia refuse. */
  initScript?: string;
  /** The browser's time zone (IANA), as a party abroad has it; the machine's when not given. */
  timezoneId?: string;
}

export class HearingParty {
  readonly context: BrowserContext;
  readonly page: Page;

  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  /** A fresh browser context (its own storage, its own media) with the client open. */
  static async open(browser: Browser, baseUrl: string, options: PartyOptions): Promise<HearingParty> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${options.session?.displayName ?? 'page'}] page error:`, error));
    await page.addInitScript(RECORD_NOTICES);
    if (options.session) {
      const stored = { accessToken: options.session.accessToken, refreshToken: '', principal: { kind: 'participant', displayName: options.session.displayName } };
      await page.addInitScript((value) => (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem('crosscourt.session', value), JSON.stringify(stored));
    }
    if (options.initScript) await page.addInitScript(options.initScript);
    const params = new URLSearchParams();
    if (options.hearingId) params.set('hearing', options.hearingId);
    if (options.autojoin) params.set('autojoin', '1');
    if (options.tcp) params.set('transport', 'tcp');
    if (options.lang) params.set('lang', options.lang);
    if (options.cameraHeight) params.set('cameraHeight', String(options.cameraHeight));
    // Not waiting for "load": on a busy machine it can lag far behind the client starting, and
    // every test polls the page's state from here on anyway.
    await page.goto(`${baseUrl}/?${params.toString()}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return new HearingParty(context, page);
  }

  state(): Promise<DiagnosticState> {
    return this.#hook('state') as Promise<DiagnosticState>;
  }

  receiveStats(): Promise<InboundRtpEntry[]> {
    return this.#hook('receiveStats') as Promise<InboundRtpEntry[]>;
  }

  sendStats(): Promise<OutboundRtpEntry[]> {
    return this.#hook('sendStats') as Promise<OutboundRtpEntry[]>;
  }

  selectedCandidateProtocols(): Promise<SelectedCandidate[]> {
    return this.#hook('selectedCandidateProtocols') as Promise<SelectedCandidate[]>;
  }

  /** Tries to share a screen past the page's own check of the court's leave. */
  shareScreen(): Promise<{ ok: true } | { ok: false; code: string }> {
    return this.#hook('shareScreen') as Promise<{ ok: true } | { ok: false; code: string }>;
  }

  #hook(member: HookMember): Promise<unknown> {
    return this.page.evaluate<unknown, HookMember>(callHook, member);
  }

  /** The names shown on the tiles of the other participants, sorted. */
  async remoteTileNames(): Promise<string[]> {
    const names = await this.page.locator('.tile--remote .tile__name').allInnerTexts();
    return names.map((name) => name.trim()).sort();
  }

  /**
   * Waits until, between two samples `gapMs` apart, this page decoded more video frames and
   * received more audio packets from each of `participantIds`: pictures and voices are live.
   */
  async receivesMediaFrom(participantIds: string[], { timeoutMs = 60_000, gapMs = 2_000 } = {}): Promise<void> {
    await eventually(
      `video frames and audio packets from ${participantIds.join(', ')} to keep arriving`,
      async () => {
        const before = await this.receiveStats();
        await new Promise((resolve) => setTimeout(resolve, gapMs));
        const after = await this.receiveStats();
        return participantIds.map((id) => ({ id, before: mediaFrom(before, id), after: mediaFrom(after, id) }));
      },
      (samples) =>
        samples.every(({ before, after }) => after.videoFrames > before.videoFrames && after.audioPackets > before.audioPackets),
      { timeoutMs, intervalMs: 0 },
    );
  }

  /** The text of every notice the page has shown so far, even those already gone. */
  noticesSeen(topic: string): Promise<string[]> {
    return this.page.evaluate(
      (wanted) => ((globalThis as { __noticesSeen?: Array<{ topic: string; text: string }> }).__noticesSeen ?? [])
        .filter((notice) => notice.topic === wanted)
        .map((notice) => notice.text),
      topic,
    );
  }

  /** Waits until the page has shown a notice on `topic` containing `text` (it may be gone again). */
  async hasShownNotice(topic: string, text: string, timeoutMs = 30_000): Promise<void> {
    await eventually(`a "${topic}" notice saying "${text}"`, () => this.noticesSeen(topic), (seen) =>
      seen.some((shown) => shown.includes(text)), { timeoutMs },
    );
  }

  async participantId(): Promise<string> {
    const state = await eventually('the page to join its hearing', () => this.state(), (s) => s.joined && s.self !== null);
    return state.self!.participantId;
  }

  remoteTile(participantId: string) {
    return this.page.locator(`.tile--remote[data-participant-id="${participantId}"]`);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

// The shapes window.crosscourt returns. Declared again here: client/src/diagnosticsHook.ts
// needs the DOM library, which the server and test code are not compiled with.
export interface DiagnosticState {
  phase: string;
  joined: boolean;
  roomId: string | null;
  self: { participantId: string; displayName: string } | null;
  participants: Array<{ participantId: string; displayName: string }>;
  sending: { microphone: boolean; camera: boolean };
  sharingScreen: boolean;
  language: string;
  /** The courtroom as the server last showed it to the page (a type the server shares). */
  courtroom: CourtroomView | null;
  /** Language channels: the interpreters' voices the page plays, and the floor's level under them. */
  interpretation: { voices: Array<{ producerId: string; participantId: string }>; floorGain: number; floorVolume: number };
}

export interface InboundRtpEntry {
  participantId: string;
  kind: 'audio' | 'video';
  source: 'microphone' | 'camera' | 'screen' | 'interpretation';
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
}

export interface OutboundRtpEntry {
  source: 'microphone' | 'camera';
  rid: string | null;
  frameHeight: number;
  framesEncoded: number;
  bytesSent: number;
  qualityLimitationReason: string | null;
}

export interface SelectedCandidate {
  direction: 'send' | 'recv';
  protocol: string;
}

/**
 * Installed in every page before the client: records each notice as it appears, so a test can
 * check a notice that comes and goes quickly ("Reconnected", shown for a few seconds).
 */
const RECORD_NOTICES = `(() => {
  const seen = [];
  Object.defineProperty(window, '__noticesSeen', { value: seen });
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.dataset && node.dataset.notice) seen.push({ topic: node.dataset.notice, text: node.textContent });
      }
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * Runs inside the page (page.evaluate sends its source, so it must be self-contained): reads a
 * member of the hook the client installed, calling it if it is a method.
 */
type HookMember = 'state' | 'receiveStats' | 'sendStats' | 'selectedCandidateProtocols' | 'shareScreen';

function callHook(member: HookMember): unknown {
  const hook = (globalThis as { crosscourt?: Record<string, unknown> }).crosscourt;
  if (!hook) throw new Error('window.crosscourt is missing: is the client built (npm run build:client)?');
  const value = hook[member];
  return typeof value === 'function' ? (value as () => unknown).call(hook) : value;
}

/**
 * Polls `probe` until `accept` holds for its result; fails after `timeoutMs` with the last
 * result in the message, so a failure says what the page was doing instead.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}` +
      (lastError ? `; last error: ${String(lastError)}` : ''),
  );
}

/** What a page receives from one participant: camera frames decoded, audio packets received. */
export function mediaFrom(stats: InboundRtpEntry[], participantId: string): { videoFrames: number; audioPackets: number } {
  const from = stats.filter((entry) => entry.participantId === participantId);
  return {
    videoFrames: from.find((entry) => entry.source === 'camera')?.framesDecoded ?? 0,
    audioPackets: from.find((entry) => entry.kind === 'audio')?.packetsReceived ?? 0,
  };
}

/** Fills a catalogue template's `{name}` placeholders, as the client's i18n does. */
export function fillMessage(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => params[name] ?? placeholder);
}
