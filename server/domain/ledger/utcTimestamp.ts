// Times in the ledger are written one way only — `2025-03-14T09:26:53.589Z`, what
// Date.prototype.toISOString gives — so that a signed or hashed time has exactly one spelling.

const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isUtcTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !UTC_TIMESTAMP.test(value)) return false;
  const ms = Date.parse(value);
  // Rejects dates that do not exist (2025-02-30) instead of letting them roll over.
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

/** The first and last instants whose ISO spelling has a four-digit year from 1970. */
const FIRST_MS = 0;
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Every record and audit line is stamped with it: the range is checked on the number, not the text. */
export function toUtcTimestamp(date: Date): string {
  const ms = date.getTime();
  if (!(ms >= FIRST_MS && ms <= LAST_MS)) throw new RangeError('date must be between the years 1970 and 9999');
  return date.toISOString();
}
