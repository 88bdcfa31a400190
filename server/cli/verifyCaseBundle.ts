// The offline verifier, for anyone holding an exported case bundle:
//
//   npm run verify -- <bundle.tar | bundle directory> [--public-key <64 hex digits>]
//
// It needs nothing from the court's server: it recomputes the Merkle root from the entries,
// checks the tree head's signature, hashes every evidence file, and for each locked document
// hashes its canonical rendering and checks every signature recorded on the ledger. Exit status: 0 the bundle
// verifies, 1 it does not, 2 the command was called wrongly.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseTar, TarFormatError } from '../bundle/tar.js';
import {
  CASE_BUNDLE_MANIFEST,
  verifyCaseBundle,
  type BundleReport,
  type DocumentReport,
  type EntryReport,
  type EvidenceReport,
  type ReadBundleFile,
} from '../domain/ledger/caseBundle.js';

const USAGE = 'usage: npm run verify -- <bundle.tar | bundle directory> [--public-key <64 hex digits>]';
const PUBLISHED_KEY = 'GET /api/ledger/public-key';

/** A wrong call: exit 2 with the usage line. */
class UsageError extends Error {}

/** Not a bundle at all (no case.json, not a tar): exit 1, as for any bundle that does not verify. */
class NotABundleError extends Error {}

interface Arguments {
  bundle: string;
  publicKey?: Uint8Array;
}

interface LoadedBundle {
  kind: 'tar archive' | 'directory';
  manifest: Uint8Array;
  readFile: ReadBundleFile;
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArguments(argv);
    const bundle = await loadBundle(args.bundle);
    const report = await verifyCaseBundle(bundle.manifest, bundle.readFile, { trustedPublicKey: args.publicKey });
    process.stdout.write(formatReport(report, `${args.bundle} (${bundle.kind})`, args.publicKey !== undefined));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof NotABundleError) {
      process.stdout.write(`NOT VERIFIED: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parseArguments(argv: string[]): Arguments {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'public-key': { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [bundle, ...extra] = parsed.positionals;
  if (bundle === undefined) throw new UsageError('say which bundle to verify: a .tar export or its unpacked directory');
  if (extra.length > 0) throw new UsageError(`one bundle at a time; unexpected ${extra.join(' ')}`);
  const hex = parsed.values['public-key']?.trim().toLowerCase();
  if (hex !== undefined && !/^[0-9a-f]{64}$/.test(hex)) {
    throw new UsageError(`--public-key must be the court's raw Ed25519 public key as 64 hex digits (from ${PUBLISHED_KEY})`);
  }
  return { bundle, publicKey: hex === undefined ? undefined : Buffer.from(hex, 'hex') };
}

async function loadBundle(path: string): Promise<LoadedBundle> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return isDirectory ? loadDirectory(path) : loadTar(path);
}

async function loadTar(path: string): Promise<LoadedBundle> {
  let files: Map<string, Uint8Array>;
  try {
    files = new Map(parseTar(await readFile(path)).map(({ name, data }) => [name, data]));
  } catch (error) {
    if (error instanceof TarFormatError) throw new NotABundleError(`${path} is not a readable tar archive: ${error.message}`);
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const manifest = files.get(CASE_BUNDLE_MANIFEST);
  if (manifest === undefined) throw new NotABundleError(`${path} holds no ${CASE_BUNDLE_MANIFEST}, so it is not a case bundle`);
  return { kind: 'tar archive', manifest, readFile: async (name) => files.get(name) };
}

async function loadDirectory(directory: string): Promise<LoadedBundle> {
  const manifestPath = join(directory, CASE_BUNDLE_MANIFEST);
  const manifest = await readIfPresent(manifestPath).catch((error: Error) => {
    throw new UsageError(`cannot read ${manifestPath}: ${error.message}`);
  });
  if (manifest === undefined) throw new NotABundleError(`${directory} holds no ${CASE_BUNDLE_MANIFEST}, so it is not a case bundle`);
  // verifyCaseBundle asks only for evidence/<sha256> and documents/<sha256>.html; checked again
  // here so that no manifest can ever make this process read outside the bundle's folder.
  const readBundleFile: ReadBundleFile = async (name) =>
    /^(evidence\/[0-9a-f]{64}|documents\/[0-9a-f]{64}\.html)$/.test(name) ? readIfPresent(join(directory, name)) : undefined;
  return { kind: 'directory', manifest, readFile: readBundleFile };
}

async function readIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function formatReport(report: BundleReport, source: string, pinned: boolean): string {
  const lines = [
    `CrossCourt case bundle: ${source}`,
    '',
    `Case          ${report.caseId ?? '(unreadable)'}${report.exportedAt ? `, exported ${report.exportedAt}` : ''}`,
    `Tree head     ${report.treeSize ?? '?'} entries, signed ${report.treeTimestamp ?? '?'}`,
    `Root hash     ${report.rootHash ?? '(unreadable)'} ${report.rootMatches ? '(recomputed from the entries: matches)' : '(DOES NOT MATCH the entries)'}`,
    `Signature     ${report.signatureValid ? 'valid' : 'NOT VALID'}`,
    `Ledger key    ${report.publicKeyHex ?? '(unreadable)'}`,
    ...keyLines(report, pinned),
    '',
    `Entries (${report.entries.length})`,
    ...report.entries.map(entryLine),
    '',
    `Evidence (${report.evidence.length})`,
    ...report.evidence.map(evidenceLine),
  ];
  if (report.documents.length > 0) lines.push('', `Signed documents (${report.documents.length})`, ...report.documents.flatMap(documentLines));
  if (report.problems.length > 0) {
    lines.push('', `Problems (${report.problems.length})`, ...report.problems.map((problem) => `  - ${problem}`));
  }
  lines.push('', verdict(report, pinned), '');
  return lines.join('\n');
}

function keyLines(report: BundleReport, pinned: boolean): string[] {
  if (pinned) {
    return [report.keyTrusted ? '              pinned: equals the key given with --public-key' : '              NOT the key given with --public-key'];
  }
  return [
    '              NOT PINNED: this key came from the bundle itself, so a valid signature only',
    "              shows the bundle is intact. Compare the key with the court's published key",
    `              (${PUBLISHED_KEY}), or run again with --public-key <hex> to check it.`,
  ];
}

function entryLine(entry: EntryReport): string {
  const what = entry.type === null ? '(does not decode to a ledger entry)' : `${entry.at}  ${entry.type}  by ${entry.actor}`;
  return `  ${entry.status.padEnd(11)} #${entry.index}  ${what}`;
}

function evidenceLine(file: EvidenceReport): string {
  const size = file.size === null ? '' : `  ${file.size} bytes`;
  const named = file.namedBy.length > 0 ? `  named by entry ${file.namedBy.join(', ')}` : '  named by no entry';
  return `  ${file.status.padEnd(14)} ${file.sha256 ?? '(no sha256)'}${size}${named}`;
}

function documentLines(document: DocumentReport): string[] {
  const signed = document.signatures.filter((s) => s.valid).length;
  return [
    `  ${document.rendering.padEnd(14)} ${document.documentId}  ${document.title ?? ''}  locked by entry ${document.lockIndex}, hash ${document.documentHash ?? '?'}`,
    `                 ${signed} of ${document.requiredSigners} required signatures verify`,
    ...document.signatures.map(
      (s) => `    ${(s.valid ? 'valid' : 'NOT VALID').padEnd(10)} #${s.index}  ${s.signedAt ?? '?'}  ${s.signerName ?? s.signerId ?? '?'} (${s.signerRole ?? '?'})  key ${s.keyFingerprint ?? '?'}`,
    ),
  ];
}

function verdict(report: BundleReport, pinned: boolean): string {
  if (!report.ok) return `NOT VERIFIED: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (listed above)`;
  const documents = report.documents.length === 0 ? '' : ` and ${report.documents.filter((d) => d.rendering === 'ok').length} signed document renderings`;
  const what = `${report.entries.length} entries and ${report.evidence.length} evidence files${documents} are exactly what the ledger signed`;
  return pinned
    ? `VERIFIED: the ${what}, with the pinned key`
    : `VERIFIED: the ${what}, with the key in the bundle; compare it with ${PUBLISHED_KEY}`;
}

process.exitCode = await main(process.argv.slice(2));
