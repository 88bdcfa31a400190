// Document sync as a client sees it: the y-websocket protocol (Yjs sync and awareness) over a
// WebSocket at DOCUMENT_SYNC_PATH/<documentId>?token=<access token>, on the court's HTTP port.
// Type-only and constants: imported by the browser client as well as the server.
//
// Refused before the WebSocket opens, with an HTTP status and a problem+json body carrying a
// stable code (ack.ts): 401 UNAUTHENTICATED / SESSION_EXPIRED, 403 FORBIDDEN /
// NOT_A_CASE_PARTICIPANT / DOCUMENT_NOT_RELEASED, 404 DOCUMENT_NOT_FOUND, 503 when shutting down.
// Once open, a client whose role only reads has its edits dropped (the y-protocols "permission
// denied" auth message says so, once, starting "FORBIDDEN: "); so has every client once the
// document is locked (the message starts "DOCUMENT_LOCKED: ", sent to connected writers when the
// lock happens). The court's own updates (restored versions, review marks) arrive as ordinary
// sync updates. These close codes end a connection:

export const DOCUMENT_SYNC_PATH = '/docs';

export const DOCUMENT_CLOSE = {
  /** The server is shutting down; connect again later. */
  SHUTTING_DOWN: 1001,
  /** A text frame: the protocol is binary. */
  NOT_BINARY: 1003,
  /** A message that is not a well-formed y-websocket message (sync or awareness). */
  MALFORMED: 1007,
  /** A message over the size limit. */
  TOO_BIG: 1009,
  /** An edit could not be stored; reconnect and it is sent again (nothing was relayed). */
  NOT_STORED: 1011,
  /** The connection fell too far behind in receiving; reconnect. */
  TOO_SLOW: 1013,
  /** The participant no longer takes part in the case. */
  ACCESS_REVOKED: 4403,
} as const;

/** The largest message the server accepts, in bytes. */
export const DOCUMENT_MESSAGE_LIMIT = 1024 * 1024;
