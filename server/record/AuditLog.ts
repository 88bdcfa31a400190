// Who did what, when, from where: one line for every permission-relevant action, allowed or
// denied. Lines about a case are kept with the case (staff query them per case); sign-ins and
// other court-wide actions under the scope 'court'.
import type { RequestOrigin } from '../domain/identity/principal.js';
import type { LogAppend, RecordStore } from '../store/RecordStore.js';

export interface AuditEntry {
  readonly at: string;
  /** 'account:<id>', 'participant:<id>', or 'anonymous'. */
  readonly actor: string;
  readonly role?: string;
  readonly action: string;
  readonly caseId?: string;
  readonly target?: string;
  readonly outcome: 'allowed' | 'denied';
  /** The error code of a denial. */
  readonly code?: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly via: RequestOrigin['via'];
}

export const COURT_SCOPE = 'court';

export function auditLine(entry: AuditEntry): LogAppend {
  return { log: 'audit', scope: entry.caseId ?? COURT_SCOPE, value: stripUndefined(entry) };
}

export class AuditLog {
  readonly #store: RecordStore;

  constructor(store: RecordStore) {
    this.#store = store;
  }

  /** Records a line on its own (a denial, a read); changes that are committed carry theirs. */
  async write(entry: AuditEntry): Promise<void> {
    await this.#store.commit({ logs: [auditLine(entry)] });
  }

  async ofCase(caseId: string): Promise<AuditEntry[]> {
    return (await this.#store.readLog<AuditEntry>('audit', caseId)).map((item) => item.value);
  }

  async ofCourt(): Promise<AuditEntry[]> {
    return (await this.#store.readLog<AuditEntry>('audit', COURT_SCOPE)).map((item) => item.value);
  }
}

function stripUndefined<T extends object>(value: T): T {
  const fields = value as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) if (fields[key] !== undefined) kept[key] = fields[key];
  return kept as T;
}
