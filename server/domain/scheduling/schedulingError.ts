// Scheduling refusals a caller may want to tell apart. They travel as INVALID_PAYLOAD until
// ack.ts's ErrorCode gains these codes; `problem` already carries the precise one, so moving
// over is a change to the super() call only.
import { CourtError } from '../CourtError.js';

export type SchedulingProblem =
  /** Not an IANA zone name Intl knows. */
  | 'INVALID_TIME_ZONE'
  /** A local time the clocks jump over (spring forward), asked for with 'reject'. */
  | 'LOCAL_TIME_SKIPPED'
  /** A local time the clocks show twice (fall back), asked for with 'reject'. */
  | 'LOCAL_TIME_AMBIGUOUS'
  /** A working week that has no working time or cannot be read. */
  | 'INVALID_WORKING_HOURS';

export class SchedulingError extends CourtError {
  readonly problem: SchedulingProblem;

  constructor(problem: SchedulingProblem, message: string) {
    super('INVALID_PAYLOAD', message);
    this.name = 'SchedulingError';
    this.problem = problem;
  }
}
