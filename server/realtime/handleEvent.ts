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

/** Turns a validated payload into the data of the event's acknowledgement. */
export type EventHandler<E extends HearingRequest, S extends z.ZodType> = (
  payload: z.output<S>,
) => Promise<HearingReply<E>> | HearingReply<E>;

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

/** Registers the handler of one client event on a socket (see eventRouter). */
export type On = <E extends HearingRequest, S extends z.ZodType>(event: E, schema: S, handler: EventHandler<E, S>) => void;

interface Route {
  schema: z.ZodType;
  handler: (payload: unknown) => unknown;
}

/**
 * A socket's client events, each to its handler through one listener: a page's connection has a
 * score of events, and a listener (a closure and an emitter entry) for each, on every one of a
 * thousand connections, was memory the collector had to walk. Events without a handler are
 * ignored, as they were without a listener.
 */
export function eventRouter(socket: CourtSocket, logger: Logger): On {
  const routes = new Map<string, Route>();
  socket.onAny((event: string, payload: unknown, ack: unknown) => {
    const route = routes.get(event);
    if (route !== undefined) void answer(socket, logger, event, route, payload, ack);
  });
  return (event, schema, handler) => {
    routes.set(event, { schema, handler: handler as Route['handler'] });
  };
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
    reply({ ok: true, data: await route.handler(parsed.data) });
  } catch (error) {
    if (error instanceof CourtError) return fail({ code: error.code, message: error.message });
    logger.error({ err: error, event, participantId: socket.data.member?.participantId }, 'signalling handler failed');
    fail({ code: 'INTERNAL_ERROR', message: `${event} failed on the server; it has been logged` });
  }
}
