// Who must sign a locked document, as the record and the browser both name them. Apart from
// documentSignatures.ts (which hashes and verifies with node:crypto) so that the browser's
// types can import it.
import type { CaseRole } from '../access/roles.js';

export interface RequiredSigner {
  readonly participantId: string;
  readonly name: string;
  readonly role: CaseRole;
}

/** The most signers a lock may name. */
export const MAX_SIGNERS = 20;
