// "Verify this case": fetches the court's public key, a signed head of the case's ledger, every
// entry and an inclusion proof for each, and checks them all here (ledgerVerification.ts). The
// server only supplies data; what counts is what the checks say. Progress is reported entry by
// entry, so a long ledger fills in as it goes.
import type { Api } from './api.js';
import { hexToBytes } from '../../../server/domain/ledger/hashValues.js';
import type { EntriesView, InclusionView, PublicKeyView, TreeHeadView } from './apiTypes.js';
import {
  base64ToBytes,
  bytesToHex,
  checkInclusionProof,
  hashLeaf,
  verifyTreeHeadSignature,
  type EntryStatus,
} from './ledgerVerification.js';

export interface EntryOutcome extends EntryStatus {
  /** Read from the entry's own bytes, not from the server's parsed copy. */
  type: string | null;
  at: string | null;
}

export interface CaseVerification {
  publicKey: string;
  treeHead: TreeHeadView;
  signatureValid: boolean;
  entries: EntryOutcome[];
}

/** Proof requests in flight at once: enough to be quick, few enough not to flood the server. */
const CONCURRENCY = 4;

export async function verifyCase(
  api: Api,
  caseId: string,
  signal: AbortSignal,
  onProgress: (verification: CaseVerification) => void,
): Promise<CaseVerification> {
  const base = `/cases/${caseId}/ledger`;
  const [key, treeHead] = await Promise.all([
    api.anonymous<PublicKeyView>('GET', '/ledger/public-key'),
    api.get<TreeHeadView>(`${base}/tree-head`, signal),
  ]);
  const signatureValid = await verifyTreeHeadSignature(treeHead, treeHead.signature, key.publicKey);
  const { entries } = await api.get<EntriesView>(`${base}/entries?from=0&to=${treeHead.treeSize}`, signal);
  const verification: CaseVerification = {
    publicKey: key.publicKey,
    treeHead,
    signatureValid,
    entries: Array.from({ length: treeHead.treeSize }, (_, seq) => ({ seq, status: 'pending', type: null, at: null })),
  };
  onProgress(verification);

  const rootHash = hexToBytes(treeHead.rootHash) ?? new Uint8Array();
  let next = 0;
  const worker = async () => {
    while (next < treeHead.treeSize && !signal.aborted) {
      const seq = next++;
      const entry = entries[seq];
      verification.entries[seq] = await checkEntry(api, base, seq, entry?.seq === seq ? entry : undefined, treeHead.treeSize, rootHash, signatureValid, signal);
      onProgress(verification);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return verification;
}

async function checkEntry(
  api: Api,
  base: string,
  seq: number,
  entry: EntriesView['entries'][number] | undefined,
  treeSize: number,
  rootHash: Uint8Array,
  signatureValid: boolean,
  signal: AbortSignal,
): Promise<EntryOutcome> {
  const outcome = (status: EntryOutcome['status'], reason?: EntryOutcome['reason'], read?: { type: string; at: string }): EntryOutcome => ({
    seq,
    status,
    ...(reason ? { reason } : {}),
    type: read?.type ?? null,
    at: read?.at ?? null,
  });
  const bytes = entry === undefined ? undefined : base64ToBytes(entry.bytes);
  if (bytes === undefined) return outcome('failed', 'FETCH_FAILED');
  const read = readEntry(bytes, seq);
  if (read === undefined) return outcome('failed', 'MALFORMED_ENTRY');
  const leafHash = await hashLeaf(bytes);

  let proof: InclusionView;
  try {
    proof = await api.get<InclusionView>(`${base}/inclusion-proof?index=${seq}&treeSize=${treeSize}`, signal);
  } catch {
    return outcome('failed', 'FETCH_FAILED', read);
  }
  const hashes = proof.proof.map((hex) => hexToBytes(hex) ?? new Uint8Array());
  const check = await checkInclusionProof({ leafHash, index: seq, treeSize, rootHash, proof: hashes });
  if (!check.valid) return outcome('failed', check.reason, read);
  // The proof holds for the hash computed here; a server that states another is not telling the truth.
  if (proof.leafHash !== bytesToHex(leafHash) || entry?.leafHash !== bytesToHex(leafHash)) return outcome('failed', 'LEAF_MISMATCH', read);
  if (!signatureValid) return outcome('failed', 'NOT_SIGNED', read);
  return outcome('verified', undefined, read);
}

/** The entry's type and time, from its canonical JSON bytes; undefined unless it is entry `seq`. */
function readEntry(bytes: Uint8Array, seq: number): { type: string; at: string } | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { seq?: unknown; type?: unknown; at?: unknown };
    if (parsed.seq !== seq || typeof parsed.type !== 'string' || typeof parsed.at !== 'string') return undefined;
    return { type: parsed.type, at: parsed.at };
  } catch {
    return undefined;
  }
}
