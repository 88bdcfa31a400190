// The storage layer's named errors.

/** An append lost a race: the index it was computed for is no longer the log's size. */
export class StoreConflictError extends Error {
  readonly logId: string;
  readonly expectedIndex: number;
  readonly actualSize: number;

  constructor(logId: string, expectedIndex: number, actualSize: number) {
    super(
      `ledger ${JSON.stringify(logId)} has ${actualSize} entries, so an append at index ${expectedIndex} is refused ` +
        '(another writer appended first); reload the log and retry',
    );
    this.name = 'StoreConflictError';
    this.logId = logId;
    this.expectedIndex = expectedIndex;
    this.actualSize = actualSize;
  }
}

/** A read asked for entries the log does not have. */
export class StoreRangeError extends RangeError {
  constructor(logId: string, to: number, size: number) {
    super(`ledger ${JSON.stringify(logId)} has ${size} entries; cannot read up to ${to}`);
    this.name = 'StoreRangeError';
  }
}

/** Redis would acknowledge writes it can lose on restart (rule 4: durable before acknowledged). */
export class UnpersistedRedisError extends Error {
  constructor(url: string, detail: string) {
    super(
      `refusing to keep the case record in the Redis at ${redactUrl(url)}: ${detail}. ` +
        'Acknowledged writes would be lost if it restarted. Enable the append-only file ' +
        '(redis.conf: "appendonly yes" and "appendfsync always", or at run time ' +
        '"CONFIG SET appendonly yes" then "CONFIG SET appendfsync always"), ' +
        'or set CROSSCOURT_ALLOW_UNPERSISTED_REDIS=1 to accept the risk (tests and demos only).',
    );
    this.name = 'UnpersistedRedisError';
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A record write lost a race: the record is not at the version the writer read. */
export class RecordConflictError extends Error {
  readonly kind: string;
  readonly id: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;

  constructor(kind: string, id: string, expectedVersion: number, actualVersion: number) {
    super(
      expectedVersion === 0
        ? `${kind} ${JSON.stringify(id)} already exists`
        : `${kind} ${JSON.stringify(id)} changed (version ${actualVersion}, expected ${expectedVersion}); reload it and retry`,
    );
    this.name = 'RecordConflictError';
    this.kind = kind;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}
