// The raw store's second reference in the round benchmark: the very writes the court commits for
// an answer, built here and committed straight to the store, with no HTTP, no sessions, no checks
// beyond the store's own. One commit = the answer record replaced (its new version in full, as
// TrialAnswers writes it: ≈1.2 kB of JSON), its round's version checked, the version line, the
// audit line, and the `answer.submitted` ledger entry carrying the text, with the Merkle nodes
// its append completes (the real MerkleTree). Built with the court's own commitment and ledger
// encoding, so the bytes are the court's.
import { randomBytes } from 'node:crypto';
import { encodeLedgerEntry } from '../../server/domain/ledger/ledgerEntry.js';
import { MerkleTree } from '../../server/domain/ledger/MerkleTree.js';
import { answerIdOf, committedContent, sealCommitment } from '../../server/domain/trial/commitment.js';
import type { Commit } from '../../server/store/RecordStore.js';
import { RecordingNodeStore } from './storeBenchWorkload.js';

const BASE_MS = Date.parse('2026-03-14T09:26:53.589Z');

/** One case's round of two parties answering its one question, over and over. */
export class CaseAnswers {
  readonly caseId: string;
  readonly #roundId: string;
  readonly #threadId: string;
  readonly #parties: ReadonlyArray<{ id: string; name: string; side: string }>;
  readonly #versions = [0, 0];
  readonly #nodes = new RecordingNodeStore();
  readonly #tree = new MerkleTree(this.#nodes);
  readonly #text: (party: number, version: number) => string;

  constructor(caseId: string, text: (party: number, version: number) => string) {
    this.caseId = caseId;
    this.#roundId = `${caseId}-round-1`;
    this.#threadId = `${caseId}-thread-1`;
    this.#parties = [
      { id: `${caseId}-claimant`, name: 'Zhang Wei', side: 'claimant' },
      { id: `${caseId}-respondent`, name: 'Ana Silva', side: 'respondent' },
    ];
    this.#text = text;
  }

  /** The commit of party 0 or 1's next answer (the round is at version 1). Build it in the case's turn: it takes the ledger's next index. */
  next(party: 0 | 1): Commit {
    const owner = this.#parties[party]!;
    const version = ++this.#versions[party]!;
    const seq = this.#tree.size;
    const at = new Date(BASE_MS + seq * 1_013).toISOString();
    const answerId = answerIdOf(this.#threadId, owner.id);
    const content = { text: this.#text(party, version), language: 'en', attachments: [] as string[] };
    const nonce = randomBytes(32).toString('hex');
    const commitment = sealCommitment(committedContent({ id: answerId, threadId: this.#threadId, for: owner.id }, version, content), nonce);
    const actor = `participant:${owner.id}`;
    const payload = { roundId: this.#roundId, threadId: this.#threadId, answerId, for: owner.id, version, late: false, commitment, sealed: false, afterReveal: false, ...content, nonce };
    const entry = encodeLedgerEntry({ seq, caseId: this.caseId, type: 'answer.submitted', at, actor, payload });
    this.#nodes.written = [];
    const index = this.#tree.append(entry);
    const written = { version, ...content, submittedAt: at, submittedBy: actor, submittedByName: owner.name, late: false, afterReveal: false, sealed: false, commitment, nonce, ledgerSeq: seq };
    const answer = { id: answerId, caseId: this.caseId, roundId: this.#roundId, threadId: this.#threadId, for: owner.id, forName: owner.name, forSide: owner.side, version, current: written, firstSubmittedAt: at };
    const audit = { at, actor, role: owner.side, action: 'answer.submit', caseId: this.caseId, target: answerId, outcome: 'allowed', ip: '127.0.0.1', userAgent: 'node', via: 'rest' };
    return {
      puts: [{ kind: 'answer', id: answerId, value: answer, expectedVersion: version - 1, ...(version === 1 ? { indexes: [`round:${this.#roundId}`] } : {}) }],
      checks: [{ kind: 'round', id: this.#roundId, version: 1 }],
      logs: [
        { log: 'answerVersions', scope: answerId, value: written },
        { log: 'audit', scope: this.caseId, value: audit },
      ],
      ledger: { logId: this.caseId, append: { index, entry, nodes: this.#nodes.written } },
    };
  }

  /** The round record the answers check (written once, before the clock). */
  roundCommit(): Commit {
    return { puts: [{ kind: 'round', id: this.#roundId, value: { id: this.#roundId, caseId: this.caseId, number: 1, status: 'open' }, expectedVersion: 0 }] };
  }
}
