// The record change the store benchmark commits, over and over: a party files one exhibit. One
// commit = the evidence record created (≈300 bytes of JSON metadata, expectedVersion 0, joining
// the case's index), one custody-log item, and one ledger entry (≈250 bytes of canonical JSON)
// with the Merkle nodes its append completes, computed by the real MerkleTree.
import { encodeLedgerEntry } from '../../server/domain/ledger/ledgerEntry.js';
import type { Hash } from '../../server/domain/ledger/hashing.js';
import { MerkleTree } from '../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore, type NodeStore } from '../../server/domain/ledger/NodeStore.js';
import type { LedgerNode } from '../../server/store/LedgerStore.js';
import type { Commit } from '../../server/store/RecordStore.js';

/** A NodeStore that remembers what one append put, to hand it to the store's ledger append. */
export class RecordingNodeStore implements NodeStore {
  readonly #inner = new MemoryNodeStore();
  written: LedgerNode[] = [];

  get(level: number, index: number): Hash | undefined {
    return this.#inner.get(level, index);
  }

  put(level: number, index: number, hash: Hash): void {
    this.#inner.put(level, index, hash);
    this.written.push({ level, index, hash: Uint8Array.from(hash) });
  }
}

export interface PreparedCommit {
  commit: Commit;
  /** Bytes of data the commit carries: record JSON, custody JSON, ledger entry, node hashes. */
  payloadBytes: number;
}

const BASE_MS = Date.parse('2026-03-14T09:26:53.589Z');
const hex = (seed: number): string => (seed >>> 0).toString(16).padStart(8, '0').repeat(8);

/** The exhibits filed in one case, in order; its ledger starts empty. */
export class CaseFiling {
  readonly caseId: string;
  readonly #nodes = new RecordingNodeStore();
  readonly #tree = new MerkleTree(this.#nodes);

  constructor(caseId: string) {
    this.caseId = caseId;
  }

  /** The next `count` commits, built ahead so that building them is not timed. */
  next(count: number): PreparedCommit[] {
    return Array.from({ length: count }, () => this.#one());
  }

  #one(): PreparedCommit {
    const seq = this.#tree.size;
    const evidenceId = `${this.caseId}-E${String(seq).padStart(5, '0')}`;
    const at = new Date(BASE_MS + seq * 1_013).toISOString();
    const sha256 = hex(seq * 2_654_435_761);
    const metadata = {
      caseId: this.caseId,
      evidenceId,
      sha256,
      fileName: `Exhibit C-${seq + 1} invoice.pdf`,
      mediaType: 'application/pdf',
      bytes: 482_113 + seq,
      filedBy: 'party:claimant',
      filedAt: at,
      filedZone: 'Asia/Shanghai',
      sealed: false,
    };
    const custody = { evidence: evidenceId, event: 'uploaded', actor: 'party:claimant', at, zone: 'Asia/Shanghai', via: 'web' };
    const entry = encodeLedgerEntry({
      seq,
      caseId: this.caseId,
      type: 'evidence.uploaded',
      at,
      actor: 'party:claimant',
      payload: { evidence: evidenceId, sha256, bytes: metadata.bytes },
    });
    this.#nodes.written = [];
    const index = this.#tree.append(entry);
    const nodes = this.#nodes.written;
    const commit: Commit = {
      puts: [{ kind: 'evidence', id: evidenceId, value: metadata, expectedVersion: 0, indexes: [`case:${this.caseId}`] }],
      logs: [{ log: 'custody', scope: this.caseId, value: custody }],
      ledger: { logId: this.caseId, append: { index, entry, nodes } },
    };
    const payloadBytes = JSON.stringify(metadata).length + JSON.stringify(custody).length + entry.length + nodes.length * 32;
    return { commit, payloadBytes };
  }
}

/** The sizes of the parts of one typical commit, for the report. */
export function describeCommit(prepared: PreparedCommit): string {
  const put = prepared.commit.puts![0]!;
  const ledger = prepared.commit.ledger!.append;
  return (
    `record ${JSON.stringify(put.value).length} B JSON + custody item ${JSON.stringify(prepared.commit.logs![0]!.value).length} B + ` +
    `ledger entry ${ledger.entry.length} B`
  );
}
