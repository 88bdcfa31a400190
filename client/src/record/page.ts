// What every record page gets: the API, the session, a signal that aborts when the page is
// left (pending requests, timers), the banner and the test hook.
import type { Api } from './api.js';
import type { CaseAction, ParticipantView } from './apiTypes.js';
import type { Banner } from './banner.js';
import type { RecordHook } from './recordHook.js';
import type { SessionKeeper } from './session.js';

export interface PageContext {
  readonly api: Api;
  readonly session: SessionKeeper;
  /** Aborted when the person leaves the page. */
  readonly signal: AbortSignal;
  readonly banner: Banner;
  readonly hook: RecordHook;
}

/** Who looks at a case page, and the zone every time on it is shown in (the viewer's own). */
export interface CaseViewer {
  caseId: string;
  you: ParticipantView;
  /** What the server says the viewer's role may do here: the page offers only that. */
  may: readonly CaseAction[];
  zone: string;
}

/** Renders a page into `view` (emptied first). */
export type RenderPage = (view: HTMLElement, context: PageContext) => void | Promise<void>;

/** Whether an error only says that the page was left while a request ran. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof DOMException && error.name === 'AbortError');
}
