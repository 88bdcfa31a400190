// What a domain rule refused with, for the unit tests of the domain's pure rules.
import { CourtError } from '../../server/domain/CourtError.js';
import type { ErrorCode } from '../../server/protocol/ack.js';

/** The stable code of the CourtError `task` throws, or undefined when it was carried out. */
export function codeOf(task: () => unknown): ErrorCode | undefined {
  try {
    task();
    return undefined;
  } catch (error) {
    if (error instanceof CourtError) return error.code;
    throw error;
  }
}
