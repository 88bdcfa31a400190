// What the page says about its connection to a document, from what the connection did: the
// close codes of server/protocol/documentSync.ts, and — for a connection the court refused
// before it opened, which a browser sees only as 1006 with no reason — the court's answer to
// the same question over REST.
import { DOCUMENT_CLOSE } from '../../../server/protocol/documentSync.js';
import type { ErrorCode } from '../../../server/protocol/ack.js';

export type ConnectionState = 'connecting' | 'synced' | 'offline' | 'refused';

export type CloseName = keyof typeof DOCUMENT_CLOSE;

/** What to make of a closed connection. */
export type CloseVerdict =
  /** Lost, or let go for a reason that reconnecting fixes: the provider reconnects by itself. */
  | { readonly state: 'offline'; readonly reason: CloseName | 'LOST' | 'OTHER' | null }
  /** The court will not have this person in this document: stop trying. */
  | { readonly state: 'refused'; readonly reason: CloseName }
  /** Closed before it opened: ask the court over REST why (or whether it was the network). */
  | { readonly state: 'diagnose' };

/** 1006: the browser's "closed abnormally" — no close frame, no reason (and so a refused upgrade). */
export const ABNORMAL_CLOSURE = 1006;
const NORMAL = [1000, 1005];

const NAMES = new Map<number, CloseName>(Object.entries(DOCUMENT_CLOSE).map(([name, code]) => [code, name as CloseName]));

/** `opened`: whether the connection that closed had opened (a WebSocket `open` event). */
export function closeVerdict(code: number | null, opened: boolean): CloseVerdict {
  // null: the provider itself gave up on a connection that stayed silent too long.
  if (code === null) return { state: 'offline', reason: 'LOST' };
  const name = NAMES.get(code);
  if (name === 'ACCESS_REVOKED') return { state: 'refused', reason: name };
  if (name !== undefined) return { state: 'offline', reason: name };
  if (code === ABNORMAL_CLOSURE) return opened ? { state: 'offline', reason: 'LOST' } : { state: 'diagnose' };
  if (NORMAL.includes(code)) return { state: 'offline', reason: null };
  return { state: 'offline', reason: 'OTHER' };
}

/**
 * The REST answers that mean the sync connection is refused for good (the same checks guard
 * both doors). Anything else — no answer, a server failure, a session renewed meanwhile — is
 * worth another try.
 */
const FINAL_REFUSALS: ReadonlyArray<ErrorCode | 'NOT_FOUND'> = [
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'NOT_A_CASE_PARTICIPANT',
  'CASE_NOT_FOUND',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_NOT_RELEASED',
  'NOT_FOUND',
];

export function isFinalRefusal(code: string): boolean {
  return (FINAL_REFUSALS as readonly string[]).includes(code);
}
