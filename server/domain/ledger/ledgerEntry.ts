// A ledger entry and its one byte form. The leaf hash of an entry is hashLeaf of these bytes,
// so the offline verifier can recompute every leaf from an exported bundle of entries.
import { canonicalJsonBytes, type JsonValue } from './canonicalJson.js';
import { hashLeaf, type Hash } from './hashing.js';
import { isUtcTimestamp } from './utcTimestamp.js';

export interface LedgerEntry {
  /** Position in the log, from 0; equals the entry's leaf index. */
  readonly seq: number;
  readonly caseId: string;
  /** What happened, e.g. 'evidence.uploaded', 'submission.sealed'. */
  readonly type: string;
  /** When, as `YYYY-MM-DDTHH:mm:ss.sssZ` (see utcTimestamp.ts). */
  readonly at: string;
  /** Who did it. */
  readonly actor: string;
  readonly payload: JsonValue;
}

const FIELDS = ['seq', 'caseId', 'type', 'at', 'actor', 'payload'] as const;

/**
 * Checks that a value — perhaps parsed from an untrusted bundle — is a well-formed entry, with
 * exactly the entry's fields and a JSON payload. Throws a TypeError naming the first wrong
 * field (a CanonicalJsonError for the payload, with its path). Extra fields are refused because
 * they would not be hashed, and so would not be protected.
 */
export function assertLedgerEntry(value: unknown): asserts value is LedgerEntry {
  encodeLedgerEntry(value as LedgerEntry);
}

/** The canonical bytes of an entry (RFC 8785 JSON, UTF-8). Throws as assertLedgerEntry does. */
export function encodeLedgerEntry(entry: LedgerEntry): Uint8Array {
  checkFields(entry);
  const { seq, caseId, type, at, actor, payload } = entry;
  return canonicalJsonBytes({ seq, caseId, type, at, actor, payload });
}

function checkFields(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('a ledger entry must be an object');
  const entry = value as Record<string, unknown>;
  const extra = Object.keys(entry).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (extra.length > 0) throw new TypeError(`a ledger entry has no field ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
  if (!Number.isSafeInteger(entry.seq) || (entry.seq as number) < 0) throw new TypeError('seq must be a non-negative safe integer');
  for (const field of ['caseId', 'type', 'actor'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') throw new TypeError(`${field} must be a non-empty string`);
  }
  if (!isUtcTimestamp(entry.at)) throw new TypeError('at must be a UTC timestamp like 2025-03-14T09:26:53.589Z');
  if (!('payload' in entry)) throw new TypeError('payload is required (null if there is nothing to record)');
}

/** The entry's leaf hash: SHA-256(0x00 ‖ encodeLedgerEntry(entry)). */
export function ledgerEntryLeafHash(entry: LedgerEntry): Hash {
  return hashLeaf(encodeLedgerEntry(entry));
}
