// The one place a socket gets its identity. For now a participant names themselves when they
// connect (handshake auth `{ displayName }`); accounts and invitations will replace the body of
// this middleware, and nothing else needs to change.
import { randomUUID } from 'node:crypto';
import type { ConnectRefusal } from '../protocol/hearingRoomEvents.js';
import { displayNameSchema } from '../protocol/hearingRoomSchemas.js';
import type { CourtSocket } from './socketTypes.js';

export interface ConnectError extends Error {
  data: ConnectRefusal;
}

export function identityMiddleware(socket: CourtSocket, next: (error?: Error) => void): void {
  const auth: unknown = socket.handshake.auth;
  const parsed = displayNameSchema.safeParse((auth as { displayName?: unknown } | undefined)?.displayName);
  if (!parsed.success) {
    const message = `connect with auth { displayName }: ${parsed.error.issues[0]?.message ?? 'invalid display name'}`;
    const error = new Error(message) as ConnectError;
    error.data = { code: 'INVALID_IDENTITY', message };
    next(error);
    return;
  }
  socket.data.identity = { participantId: randomUUID(), displayName: parsed.data };
  next();
}
