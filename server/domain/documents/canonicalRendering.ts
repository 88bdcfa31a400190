// The canonical rendering of a document: one deterministic HTML text for its words, whose
// SHA-256 is the document hash that signers sign and the ledger records. The same text always
// renders to the same bytes, however its Yjs document was edited, on any server version that
// speaks this format — and a verifier recomputes the hash from the rendering alone.
//
// Format `crosscourt.document-rendering.v1`, UTF-8, lines ending in LF, no other whitespace:
//
//   <!DOCTYPE html>
//   <html>
//   <head>
//   <meta charset="utf-8">
//   <meta name="crosscourt-rendering" content="crosscourt.document-rendering.v1">
//   <title>{title}</title>
//   </head>
//   <body>
//   <article data-document-id="{id}" data-case-id="{caseId}" data-kind="{kind}">
//   <section lang="{tag}">                      one per language, in the record's order
//   <p data-pid="{pid}">{inline}</p>            a paragraph (data-pid absent when it has none)
//   <h{1-3} data-pid="{pid}">{inline}</h{1-3}>  a heading
//   </section>
//   </article>
//   </body>
//   </html>
//
// {inline}: the block's runs in normal form (documentText.ts: merged, NFC), each wrapped in
// <strong> then <em> as marked (<strong><em>…</em></strong>). Text escapes & < > as &amp; &lt;
// &gt;; attribute values also escape " as &quot;; C0 controls and DEL are written &#xHH;.
// Nothing else of the Yjs document (comments, cursors, review marks) is rendered.
import { createHash } from 'node:crypto';
import { INLINE_MARKS, type InlineMark } from './documentContent.js';
import type { DocumentKind } from './documentKinds.js';
import { normalizeBlock, type DocumentText, type TextBlock, type TextRun } from './documentText.js';

export const RENDERING_FORMAT = 'crosscourt.document-rendering.v1';

export interface RenderedDocumentHead {
  readonly id: string;
  readonly caseId: string;
  readonly kind: DocumentKind;
  readonly title: string;
}

export interface CanonicalRendering {
  readonly format: typeof RENDERING_FORMAT;
  /** The rendering as text (what the bytes decode to). */
  readonly html: string;
  readonly bytes: Uint8Array;
  /** SHA-256 of the bytes, 64 lowercase hex digits: the document hash. */
  readonly sha256: string;
}

export function renderCanonical(head: RenderedDocumentHead, text: DocumentText): CanonicalRendering {
  const lines = [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    `<meta name="crosscourt-rendering" content="${RENDERING_FORMAT}">`,
    `<title>${escapeText(head.title)}</title>`,
    '</head>',
    '<body>',
    `<article data-document-id="${escapeAttribute(head.id)}" data-case-id="${escapeAttribute(head.caseId)}" data-kind="${escapeAttribute(head.kind)}">`,
  ];
  for (const language of text.languages) {
    lines.push(`<section lang="${escapeAttribute(language.language)}">`);
    for (const block of language.blocks) lines.push(renderBlock(block));
    lines.push('</section>');
  }
  lines.push('</article>', '</body>', '</html>', '');
  const html = lines.join('\n');
  const bytes = new TextEncoder().encode(html);
  return { format: RENDERING_FORMAT, html, bytes, sha256: sha256Hex(bytes) };
}

/** One block as its canonical line: also what the diff compares to tell a change of format. */
export function renderBlock(block: TextBlock): string {
  const normal = normalizeBlock(block);
  const tag = normal.type === 'heading' ? `h${normal.level ?? 1}` : 'p';
  const pid = normal.pid === null ? '' : ` data-pid="${escapeAttribute(normal.pid)}"`;
  const inline = normal.runs
    .map((run) => {
      let html = escapeText(run.text);
      if (run.marks.includes('em')) html = `<em>${html}</em>`;
      if (run.marks.includes('strong')) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
  return `<${tag}${pid}>${inline}</${tag}>`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function escapeText(text: string): string {
  return text.normalize('NFC').replace(/[&<>\u0000-\u001f\u007f]/g, escapeCharacter);
}

export function escapeAttribute(text: string): string {
  return text.normalize('NFC').replace(/[&<>"\u0000-\u001f\u007f]/g, escapeCharacter);
}

function escapeCharacter(character: string): string {
  switch (character) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    default:
      return `&#x${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')};`;
  }
}

/** What a canonical rendering says, read back from its text (the signed exports lay it out). */
export interface ParsedRendering {
  readonly title: string;
  readonly documentId: string;
  readonly caseId: string;
  readonly kind: string;
  readonly text: DocumentText;
}

/**
 * Reads a rendering written by renderCanonical. Throws a TypeError on anything else: it is not
 * a general HTML parser, only the inverse of this format.
 */
export function parseCanonical(html: string): ParsedRendering {
  const title = /^<title>(.*)<\/title>$/m.exec(html);
  const article = /^<article data-document-id="([^"]*)" data-case-id="([^"]*)" data-kind="([^"]*)">$/m.exec(html);
  if (title === null || article === null) throw new TypeError(`not a ${RENDERING_FORMAT} rendering`);
  const languages: Array<{ language: string; blocks: TextBlock[] }> = [];
  for (const line of html.split('\n')) {
    const section = /^<section lang="([^"]*)">$/.exec(line);
    if (section !== null) {
      languages.push({ language: unescape(section[1]!), blocks: [] });
      continue;
    }
    const block = /^<(p|h[1-3])(?: data-pid="([^"]*)")?>(.*)<\/\1>$/.exec(line);
    if (block === null) continue;
    const current = languages[languages.length - 1];
    if (current === undefined) throw new TypeError('a block outside any language section');
    const tag = block[1]!;
    current.blocks.push({
      type: tag === 'p' ? 'paragraph' : 'heading',
      pid: block[2] === undefined ? null : unescape(block[2]),
      ...(tag === 'p' ? {} : { level: Number(tag.slice(1)) as 1 | 2 | 3 }),
      runs: parseInline(block[3]!),
    });
  }
  return { title: unescape(title[1]!), documentId: unescape(article[1]!), caseId: unescape(article[2]!), kind: unescape(article[3]!), text: { languages } };
}

function parseInline(inline: string): TextRun[] {
  const runs: TextRun[] = [];
  const open = new Set<InlineMark>();
  for (const token of inline.match(/<\/?(?:strong|em)>|[^<]+/g) ?? []) {
    const tag = /^<(\/?)(strong|em)>$/.exec(token);
    if (tag === null) runs.push({ text: unescape(token), marks: INLINE_MARKS.filter((mark) => open.has(mark)) });
    else if (tag[1] === '/') open.delete(tag[2] as InlineMark);
    else open.add(tag[2] as InlineMark);
  }
  return runs;
}

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x[0-9A-F]{2});/g, (_, entity: string) => {
    if (entity === 'amp') return '&';
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    return String.fromCharCode(parseInt(entity.slice(2), 16));
  });
}
