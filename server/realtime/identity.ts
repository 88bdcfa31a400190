// The one place a socket gets its identity: the handshake carries the access token of a session
// (`auth: { token }`), verified exactly as REST verifies its bearer token. What the holder may do
// in a hearing is decided when they join it, by their role in its case.
import { CourtError } from '../domain/CourtError.js';
import type { Authenticator } from '../identity/Authenticator.js';
import type { ConnectRefusal } from '../protocol/hearingRoomEvents.js';
import type { CourtSocket } from './socketTypes.js';

export interface ConnectError extends Error {
  data: ConnectRefusal;
}

export function sessionMiddleware(authenticator: Authenticator) {
  return (socket: CourtSocket, next: (error?: Error) => void): void => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      next(refusal('UNAUTHENTICATED', 'connect with auth { token: <access token> }: sign in or open your invitation first'));
      return;
    }
    authenticator.principalOf(token).then(
      (principal) => {
        socket.data.principal = principal;
        socket.data.origin = { ip: socket.handshake.address, userAgent: String(socket.handshake.headers['user-agent'] ?? '').slice(0, 200), via: 'socket' };
        next();
      },
      (error: unknown) => {
        if (error instanceof CourtError && (error.code === 'SESSION_EXPIRED' || error.code === 'UNAUTHENTICATED')) next(refusal(error.code, error.message));
        else next(refusal('UNAUTHENTICATED', 'the session could not be checked; try again'));
      },
    );
  };
}

function refusal(code: ConnectRefusal['code'], message: string): ConnectError {
  const error = new Error(message) as ConnectError;
  error.data = { code, message };
  return error;
}
