// How a document's text is laid out in its Yjs document: the one definition the server (canonical
// export, review marks, versions, templates) and the browser's editor (ProseMirror bound with
// y-prosemirror) share. Pure: names and shapes only, no Yjs import.
//
//   - One Y.XmlFragment per language of the document, named `body:<language tag>` (a bilingual
//     document has two). y-prosemirror binds an editor to one fragment.
//   - Inside a fragment, block elements in order. Each block carries a `pid` attribute, a
//     paragraph id shared by the block and its counterpart in the other language: that is how
//     the two language versions are linked paragraph by paragraph.
//   - Text inside a block carries at most the inline marks below (as Y.XmlText formatting).
//   - A Y.Map named `review` holds, for a bilingual document, the paragraphs that need review:
//     key `<language tag>:<pid>`, value { changedIn: <other tag>, at: ISO instant }. The server
//     sets an entry when a paragraph changes in one language and removes it when its counterpart
//     is next edited (or a reviewer clears it).

export const BLOCK_NODES = ['paragraph', 'heading'] as const;
export type BlockNode = (typeof BLOCK_NODES)[number];

export const INLINE_MARKS = ['strong', 'em'] as const;
export type InlineMark = (typeof INLINE_MARKS)[number];

/** Heading levels a document may use (a title, sections, sub-sections). */
export const HEADING_LEVELS = [1, 2, 3] as const;

/** The attribute linking a block to its counterpart in the other language. */
export const PARAGRAPH_ID_ATTRIBUTE = 'pid';

export const REVIEW_MAP = 'review';

export function bodyFragmentName(languageTag: string): string {
  return `body:${languageTag}`;
}

export function reviewKey(languageTag: string, paragraphId: string): string {
  return `${languageTag}:${paragraphId}`;
}

export interface ReviewMark {
  /** The language whose change made this paragraph need review. */
  readonly changedIn: string;
  readonly at: string;
}
