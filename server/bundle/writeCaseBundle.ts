// Writes a case bundle as a tar archive: case.json first, so a reader streaming the archive
// learns what to expect before the evidence arrives, then each evidence file at
// evidence/<sha256>, then each locked document's canonical rendering at documents/<sha256>.html.
// Unpacked with `tar xf`, it is the folder the offline verifier also reads.
import type { Readable } from 'node:stream';
import { documentPath } from '../domain/ledger/bundleDocuments.js';
import { CASE_BUNDLE_MANIFEST, evidencePath, type CaseBundleManifest } from '../domain/ledger/caseBundle.js';
import { TarWriter } from './tar.js';

export interface EvidenceSource {
  readonly stream: Readable;
  /** Its size in bytes, which must equal the manifest's. */
  readonly size: number;
}

/** Opens an evidence file of the case by its SHA-256 (64 lowercase hex digits). */
export type OpenEvidence = (sha256: string) => EvidenceSource | Promise<EvidenceSource>;

/**
 * Writes the bundle to `out` and ends it. Rejects, leaving `out` to be destroyed, if the manifest
 * names a path other than evidence/<sha256> or a file's stored size differs from the manifest's:
 * such a bundle would never verify, so it is better not written.
 */
export async function writeCaseBundle(
  out: NodeJS.WritableStream,
  manifest: CaseBundleManifest,
  openEvidence: OpenEvidence,
  /** The renderings the manifest lists, by SHA-256. */
  renderings: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<void> {
  for (const { sha256, path } of manifest.evidence) {
    if (path !== evidencePath(sha256)) throw new TypeError(`manifest.evidence: path must be ${evidencePath(sha256)}, got ${path}`);
  }
  for (const { sha256, path, size } of manifest.documents ?? []) {
    if (path !== documentPath(sha256)) throw new TypeError(`manifest.documents: path must be ${documentPath(sha256)}, got ${path}`);
    if (renderings.get(sha256)?.length !== size) throw new RangeError(`document rendering ${sha256}: not given, or not ${size} bytes as the manifest says`);
  }
  // The export time as every file's mtime: unpacked files show when the bundle was made, and
  // the same manifest always gives the same archive.
  const tar = new TarWriter(out, { mtime: new Date(manifest.exportedAt) });
  await tar.addFile(CASE_BUNDLE_MANIFEST, caseBundleManifestBytes(manifest));
  for (const { sha256, size, path } of manifest.evidence) {
    const source = await openEvidence(sha256);
    if (source.size !== size) {
      source.stream.destroy();
      throw new RangeError(`evidence ${sha256}: the store holds ${source.size} bytes but the manifest says ${size}`);
    }
    await tar.addStream(path, source.stream, size);
  }
  for (const { sha256, path } of manifest.documents ?? []) await tar.addFile(path, renderings.get(sha256)!);
  await tar.finish();
}

/** case.json as written: indented, so a person can read it, and ending in a newline. */
export function caseBundleManifestBytes(manifest: CaseBundleManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}
