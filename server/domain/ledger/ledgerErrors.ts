// The ledger's named errors. Bad arguments are plain TypeError/RangeError whose message names
// the argument; these are the failures a caller may want to tell apart.

/**
 * The node store lacks a hash the tree needs. Every complete subtree below the tree size is
 * written on append, so this means the store is incomplete or was opened at the wrong size.
 */
export class MissingNodeError extends Error {
  readonly level: number;
  readonly index: number;

  constructor(level: number, index: number) {
    super(
      `the node store has no hash at level ${level}, index ${index}; ` +
        'it is incomplete or the tree was opened at a size larger than what was appended',
    );
    this.name = 'MissingNodeError';
    this.level = level;
    this.index = index;
  }
}

/** A value that has no canonical JSON form. `path` points at it, e.g. `$.payload.items[2]`. */
export class CanonicalJsonError extends TypeError {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}
