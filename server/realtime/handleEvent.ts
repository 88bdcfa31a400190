// Wraps every client event: checks the acknowledgement callback, the payload's size and its
// schema, runs the handler, and turns whatever happens into `{ ok, data }` or
// `{ ok: false, error: { code, message } }`. A handler never crashes the process.
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CourtError } from '../domain/CourtError.js';
import type { Ack, AckError } from '../protocol/ack.js';
import type { HearingReply, HearingRequest } from '../protocol/hearingRoomEvents.js';
import type { CourtSocket } from './socketTypes.js';

/** Larger than any honest payload (RTP capabilities are a few kB). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Turns a validated payload from a socket into the data of the event's acknowledgement. */
export type EventHandler<E extends HearingRequest, S extends z.ZodType> = (
  socket: CourtSocket,
  payload: z.output<S>,
) => Promise<HearingReply<E>> | HearingReply<E>;

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

interface Route {
  schema: z.ZodType;
  handler: (socket: CourtSocket, payload: unknown) => unknown;
}

/**
 * The server's client events, each with its schema and handler, defined once for every socket:
 * a handler is given the socket it answers. A page's connection has a score of events, and a
 * closure for each on every one of a thousand connections was memory the collector had to walk
 * (about 3 KiB a connection). Events without a handler are ignored.
 */
export class SocketEvents {
  readonly #routes = new Map<string, Route>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  on<E extends HearingRequest, S extends z.ZodType>(event: E, schema: S, handler: EventHandler<E, S>): void {
    if (this.#routes.has(event)) throw new Error(`${event} has a handler already`);
    this.#routes.set(event, { schema, handler: handler as Route['handler'] });
  }

  /** Routes a socket's client events to their handlers, through one listener. */
  listen(socket: CourtSocket): void {
    socket.onAny((event: string, payload: unknown, ack: unknown) => {
      const route = this.#routes.get(event);
      if (route !== undefined) void answer(socket, this.#logger, event, route, payload, ack);
    });
  }
}

async function answer(socket: CourtSocket, logger: Logger, event: string, route: Route, payload: unknown, ack: unknown): Promise<void> {
  if (typeof ack !== 'function') {
    logger.warn({ event, participantId: socket.data.member?.participantId }, 'event without acknowledgement ignored');
    socket.emit('signalling:error', { code: 'MISSING_ACK', message: `${event} needs an acknowledgement callback` });
    return;
  }
  const reply = (response: Ack<unknown>) => {
    if (socket.connected) (ack as (r: Ack<unknown>) => void)(response);
  };
  const fail = (error: AckError) => reply({ ok: false, error });
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(payload ?? null));
  } catch {
    return fail({ code: 'INVALID_PAYLOAD', message: `${event}: the payload must be plain JSON` });
  }
  if (size > MAX_PAYLOAD_BYTES) {
    return fail({ code: 'PAYLOAD_TOO_LARGE', message: `${event}: payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}` });
  }
  const parsed = route.schema.safeParse(payload);
  if (!parsed.success) {
    return fail({ code: 'INVALID_PAYLOAD', message: `${event}: ${describeIssues(parsed.error)}` });
  }
  try {
    reply({ ok: true, data: await route.handler(socket, parsed.data) });
  } catch (error) {
    if (error instanceof CourtError) return fail({ code: error.code, message: error.message });
    logger.error({ err: error, event, participantId: socket.data.member?.participantId }, 'signalling handler failed');
    fail({ code: 'INTERNAL_ERROR', message: `${event} failed on the server; it has been logged` });
  }
}
