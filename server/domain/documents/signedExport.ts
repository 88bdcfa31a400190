// The signed export of a locked document as HTML: the locked text exactly as its canonical
// rendering has it (the <article> of the rendering, byte for byte), then a signature page —
// each signer, their role, when they signed (UTC and their own zone), their key's fingerprint,
// the signature, the document hash — and how to check it all without the court.
// The PDF (server/bundle/signedDocumentPdf.ts) lays out the same content.
import type { CaseRole } from '../access/roles.js';
import type { CaseDocument, DocumentLock } from './caseDocument.js';
import { escapeAttribute, escapeText, RENDERING_FORMAT } from './canonicalRendering.js';
import { displayFingerprint, SIGNATURE_CONTEXT, type KeyCustody } from './documentSignatures.js';
import { KIND_NAMES } from './documentKinds.js';

export interface SignatureLine {
  readonly signerId: string;
  readonly signerName: string;
  readonly signerRole: CaseRole;
  /** The signer's IANA zone when they signed, to show the time as they saw it. */
  readonly signerTimeZone: string;
  readonly publicKey: string;
  readonly keyFingerprint: string;
  readonly keyCustody: KeyCustody;
  readonly signature: string;
  readonly signedAt: string;
  readonly ledgerSeq: number;
}

export interface SignedExport {
  readonly document: CaseDocument;
  readonly lock: DocumentLock;
  /** The stored canonical rendering. */
  readonly renderingHtml: string;
  readonly signatures: readonly SignatureLine[];
}

/** A signer's line as both exports print it. */
export interface SignaturePageRow {
  readonly name: string;
  readonly role: string;
  readonly signedAtUtc: string | null;
  readonly signedAtLocal: string | null;
  readonly fingerprint: string | null;
  readonly custody: string | null;
  readonly signature: string | null;
  readonly ledgerSeq: number | null;
}

export function signaturePageRows(signed: SignedExport): SignaturePageRow[] {
  const byId = new Map(signed.signatures.map((s) => [s.signerId, s]));
  return signed.lock.requiredSigners.map((signer) => {
    const signature = byId.get(signer.participantId);
    if (signature === undefined) {
      return { name: signer.name, role: signer.role, signedAtUtc: null, signedAtLocal: null, fingerprint: null, custody: null, signature: null, ledgerSeq: null };
    }
    return {
      name: signature.signerName,
      role: signature.signerRole,
      signedAtUtc: signature.signedAt,
      signedAtLocal: localTime(signature.signedAt, signature.signerTimeZone),
      fingerprint: displayFingerprint(signature.keyFingerprint),
      custody: signature.keyCustody === 'court' ? 'key kept by the court for the signer' : "the signer's own key",
      signature: signature.signature,
      ledgerSeq: signature.ledgerSeq,
    };
  });
}

/** How anyone checks the export, in words (both exports print it). */
export function verificationNote(signed: SignedExport): string {
  const { document, lock } = signed;
  return (
    `The document hash is the SHA-256 of the canonical rendering of the locked text (${RENDERING_FORMAT}), which the case bundle ` +
    `(GET /api/cases/${document.caseId}/export) carries as documents/${lock.documentHash}.html. Each signature is Ed25519 over ` +
    `"${SIGNATURE_CONTEXT.replace('\0', '')}" 0x00, the document id, 0x00 and the 32 bytes of the hash; the lock is ledger entry ` +
    `#${lock.ledgerSeq} and each signature the entry shown with it. Run: npm run verify -- case-${document.caseId}.tar --public-key <the court's ledger key>.`
  );
}

export function localTime(instant: string, timeZone: string): string {
  try {
    const text = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(instant));
    return `${text} (${timeZone})`;
  } catch {
    return instant;
  }
}

const STYLE = [
  'body{font-family:system-ui,"Noto Sans","Noto Sans CJK SC",sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}',
  'section[lang]{margin:1.5rem 0;padding-top:1rem;border-top:1px solid #ccc}',
  '.export-head p{color:#555;margin:0}',
  '.signature-page{border-top:3px double #333;margin-top:3rem;padding-top:1rem;page-break-before:always}',
  'table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #bbb;padding:.4rem;vertical-align:top;text-align:left}',
  'code{font-family:ui-monospace,monospace;word-break:break-all;font-size:.8rem}',
  '.pending td{color:#a00}',
].join('\n');

export function signedExportHtml(signed: SignedExport): string {
  const { document, lock } = signed;
  const rows = signaturePageRows(signed);
  const lines = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeText(document.title)} (signed export)</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<header class="export-head">',
    `<p>CrossCourt · signed export of ${escapeText(KIND_NAMES[document.kind])}</p>`,
    `<p>Case ${escapeText(document.caseId)} · document ${escapeText(document.id)}</p>`,
    `<h1 class="export-title">${escapeText(document.title)}</h1>`,
    '</header>',
    articleOf(signed.renderingHtml),
    '<section class="signature-page" lang="en">',
    '<h2>Signature page</h2>',
    '<dl>',
    `<dt>Document</dt><dd>${escapeText(document.title)} (${escapeText(document.kind)}), ${escapeText(document.id)}</dd>`,
    `<dt>Document hash (SHA-256 of the canonical rendering, ${RENDERING_FORMAT})</dt><dd><code>${lock.documentHash}</code></dd>`,
    `<dt>Locked</dt><dd>${escapeText(lock.lockedAt)} by ${escapeText(lock.lockedByName)}, ledger entry #${lock.ledgerSeq}</dd>`,
    '</dl>',
    '<table>',
    '<thead><tr><th>Signer</th><th>Role</th><th>Signed at</th><th>Key fingerprint (SHA-256)</th><th>Signature (Ed25519)</th></tr></thead>',
    '<tbody>',
    ...rows.map((row) =>
      row.signature === null
        ? `<tr class="pending"><td>${escapeText(row.name)}</td><td>${escapeText(row.role)}</td><td colspan="3">awaiting signature</td></tr>`
        : `<tr><td>${escapeText(row.name)}</td><td>${escapeText(row.role)}</td><td>${escapeText(row.signedAtUtc!)}<br>${escapeText(row.signedAtLocal!)}</td>` +
          `<td><code>${escapeText(row.fingerprint!)}</code><br>${escapeText(row.custody!)}</td>` +
          `<td><code data-signature="${escapeAttribute(row.signature)}">${escapeText(row.signature)}</code><br>ledger entry #${row.ledgerSeq}</td></tr>`,
    ),
    '</tbody>',
    '</table>',
    `<p class="how-to-verify">${escapeText(verificationNote(signed))}</p>`,
    '</section>',
    '</body>',
    '</html>',
    '',
  ];
  return lines.join('\n');
}

/** The rendering's <article>…</article>, exactly as hashed. */
function articleOf(rendering: string): string {
  const start = rendering.indexOf('<article ');
  const end = rendering.lastIndexOf('</article>');
  return start === -1 || end === -1 ? '' : rendering.slice(start, end + '</article>'.length);
}
