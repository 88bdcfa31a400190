// Court staff accounts (judge, arbitrator, mediator, clerk) with password sign-in. Repeated
// failures lock the account for a while; the lock is in the record store, so it holds on every
// node. Unknown user names take as long to refuse as wrong passwords.
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../domain/access/roles.js';
import { CourtError } from '../domain/CourtError.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { DEFAULT_PASSWORD_COST, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword, type PasswordCost } from './passwords.js';

export interface StaffAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly passwordHash: string;
  readonly failedSignIns: number;
  readonly lockedUntil?: string;
  readonly createdAt: string;
}

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  lockMs: number;
}

const ACCOUNT = 'account';
const USERNAME = 'username';

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export class StaffAccounts {
  readonly #store: RecordStore;
  readonly #lockout: LockoutPolicy;
  readonly #cost: PasswordCost;
  readonly #now: () => Date;
  #decoy: Promise<string> | undefined;

  constructor(store: RecordStore, options: { lockout: LockoutPolicy; passwordCost?: PasswordCost; now?: () => Date }) {
    this.#store = store;
    this.#lockout = options.lockout;
    this.#cost = options.passwordCost ?? DEFAULT_PASSWORD_COST;
    this.#now = options.now ?? (() => new Date());
  }

  async create(input: { username: string; displayName: string; role: StaffRole; password: string }): Promise<StaffAccount> {
    const username = normaliseUsername(input.username);
    if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) {
      throw new CourtError('INVALID_PAYLOAD', 'a user name is 3-64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
    }
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new CourtError('INVALID_PAYLOAD', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    const account: StaffAccount = {
      id: randomUUID(),
      username,
      displayName: input.displayName.trim(),
      role: input.role,
      passwordHash: await hashPassword(input.password, this.#cost),
      failedSignIns: 0,
      createdAt: toUtcTimestamp(this.#now()),
    };
    try {
      await this.#store.commit({
        puts: [
          { kind: USERNAME, id: username, value: { accountId: account.id }, expectedVersion: 0 },
          { kind: ACCOUNT, id: account.id, value: account, expectedVersion: 0, indexes: ['all'] },
        ],
      });
    } catch (error) {
      if (error instanceof RecordConflictError) throw new CourtError('USERNAME_TAKEN', `the user name ${username} is taken; choose another`);
      throw error;
    }
    return account;
  }

  async byId(accountId: string): Promise<StaffAccount | undefined> {
    return (await this.#store.getRecord<StaffAccount>(ACCOUNT, accountId))?.value;
  }

  async byUsername(username: string): Promise<StaffAccount | undefined> {
    const name = normaliseUsername(username);
    if (name === '') return undefined;
    const link = await this.#store.getRecord<{ accountId: string }>(USERNAME, name);
    return link === undefined ? undefined : this.byId(link.value.accountId);
  }

  /** The account whose password this is; INVALID_CREDENTIALS or ACCOUNT_LOCKED otherwise. */
  async signIn(username: string, password: string): Promise<StaffAccount> {
    const account = await this.byUsername(username);
    if (account === undefined) {
      await verifyPassword(password, await this.#decoyHash()); // same time as a wrong password
      throw invalidCredentials();
    }
    const now = this.#now();
    if (account.lockedUntil !== undefined && Date.parse(account.lockedUntil) > now.getTime()) throw locked(account.lockedUntil);
    if (await verifyPassword(password, account.passwordHash)) {
      if (account.failedSignIns > 0 || account.lockedUntil !== undefined) await this.#update(account.id, (a) => ({ ...a, failedSignIns: 0, lockedUntil: undefined }));
      return account;
    }
    const updated = await this.#update(account.id, (a) => {
      const failedSignIns = a.failedSignIns + 1;
      return failedSignIns >= this.#lockout.maxFailures
        ? { ...a, failedSignIns: 0, lockedUntil: toUtcTimestamp(new Date(now.getTime() + this.#lockout.lockMs)) }
        : { ...a, failedSignIns };
    });
    if (updated.lockedUntil !== undefined && Date.parse(updated.lockedUntil) > now.getTime()) throw locked(updated.lockedUntil);
    throw invalidCredentials();
  }

  async #update(accountId: string, change: (account: StaffAccount) => StaffAccount): Promise<StaffAccount> {
    for (;;) {
      const current = await this.#store.getRecord<StaffAccount>(ACCOUNT, accountId);
      if (current === undefined) throw new CourtError('ACCOUNT_NOT_FOUND', 'the account no longer exists');
      const next = JSON.parse(JSON.stringify(change(current.value))) as StaffAccount; // drops undefined fields
      try {
        await this.#store.commit({ puts: [{ kind: ACCOUNT, id: accountId, value: next, expectedVersion: current.version }] });
        return next;
      } catch (error) {
        if (!(error instanceof RecordConflictError)) throw error; // a concurrent sign-in: count again
      }
    }
  }

  #decoyHash(): Promise<string> {
    this.#decoy ??= hashPassword('not a real password, only a decoy', this.#cost);
    return this.#decoy;
  }
}

function invalidCredentials(): CourtError {
  return new CourtError('INVALID_CREDENTIALS', 'the user name or password is wrong');
}

function locked(until: string): CourtError {
  return new CourtError('ACCOUNT_LOCKED', `this account is locked after repeated failed sign-ins until ${until} (UTC); try again then or ask a court administrator`);
}
