// Downloads a case's export and checks it as the offline verifier does, pinning the court's key.
import { hashFromHex } from '../../server/domain/ledger/hashing.js';
import { CASE_BUNDLE_MANIFEST, verifyCaseBundle, type BundleReport } from '../../server/domain/ledger/caseBundle.js';
import { parseTar } from '../../server/bundle/tar.js';
import type { ApiClient } from './caseRecordClient.js';

export async function exportCase(client: ApiClient, caseId: string): Promise<Uint8Array> {
  const response = await client.get(`/cases/${caseId}/export`);
  if (response.status !== 200) throw new Error(`export failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Uint8Array;
}

export async function verifyExport(bundle: Uint8Array, publicKeyHex: string): Promise<BundleReport> {
  const files = new Map(parseTar(bundle).map((entry) => [entry.name, entry.data]));
  const manifest = files.get(CASE_BUNDLE_MANIFEST);
  return verifyCaseBundle(manifest === undefined ? undefined : new TextDecoder().decode(manifest), async (path) => files.get(path), {
    trustedPublicKey: hashFromHex(publicKeyHex),
  });
}
