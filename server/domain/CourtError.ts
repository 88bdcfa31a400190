import type { ErrorCode } from '../protocol/ack.js';

/**
 * An error a participant caused and can fix, with a stable code. Anything else that is thrown
 * is our fault: it is logged and reported as INTERNAL_ERROR without details.
 */
export class CourtError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CourtError';
    this.code = code;
  }
}
