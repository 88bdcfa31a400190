// How the blocks of one language's editor look beyond their text: the space above each that
// lines it up with its counterpart side by side, and the mark on each paragraph that needs review
// because its counterpart changed (the document's `review` map). Neither is part of the text:
// they are decorations, set through transaction metadata that never reaches the shared document.
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { REVIEW_MAP, type ReviewMark } from '../../../server/domain/documents/documentContent.js';
import { paragraphIdOf } from './documentSchema.js';

/** The paragraphs of one language that need review, by paragraph id, from the `review` map. */
export function reviewsFor(language: string, entries: Iterable<[string, unknown]>): Map<string, ReviewMark> {
  const prefix = `${language}:`;
  const reviews = new Map<string, ReviewMark>();
  for (const [key, value] of entries) {
    if (!key.startsWith(prefix) || typeof value !== 'object' || value === null) continue;
    const { changedIn, at } = value as Partial<ReviewMark>;
    if (typeof changedIn !== 'string') continue;
    reviews.set(key.slice(prefix.length), { changedIn, at: typeof at === 'string' ? at : '' });
  }
  return reviews;
}

export { REVIEW_MAP };

interface BlockLook {
  readonly spacers: readonly number[];
  readonly reviews: ReadonlyMap<string, ReviewMark>;
  /** The words shown on a paragraph that needs review, given the language it changed in. */
  readonly reviewTitle: (changedIn: string) => string;
}

interface BlockLookState extends BlockLook {
  readonly decorations: DecorationSet;
}

type BlockLookChange = Partial<BlockLook>;

export const blockLookKey = new PluginKey<BlockLookState>('blockLook');

export function blockLookPlugin(): Plugin<BlockLookState> {
  return new Plugin<BlockLookState>({
    key: blockLookKey,
    state: {
      init: (_config, state) => {
        const look: BlockLook = { spacers: [], reviews: new Map(), reviewTitle: (changedIn) => changedIn };
        return { ...look, decorations: decorate(state.doc, look) };
      },
      apply: (tr, previous) => {
        const change = tr.getMeta(blockLookKey) as BlockLookChange | undefined;
        if (change === undefined && !tr.docChanged) return previous;
        const look: BlockLook = { spacers: change?.spacers ?? previous.spacers, reviews: change?.reviews ?? previous.reviews, reviewTitle: change?.reviewTitle ?? previous.reviewTitle };
        return { ...look, decorations: decorate(tr.doc, look) };
      },
    },
    props: {
      decorations: (state: EditorState) => blockLookKey.getState(state)?.decorations,
    },
  });
}

/** Changes how an editor's blocks look (the text is untouched). */
export function setBlockLook(view: EditorView, change: BlockLookChange): void {
  view.dispatch(view.state.tr.setMeta(blockLookKey, change).setMeta('addToHistory', false));
}

export function spacersOf(state: EditorState): readonly number[] {
  return blockLookKey.getState(state)?.spacers ?? [];
}

function decorate(doc: ProseMirrorNode, look: BlockLook): DecorationSet {
  const decorations: Decoration[] = [];
  let index = 0;
  doc.forEach((node, pos) => {
    const spacer = look.spacers[index++] ?? 0;
    const pid = paragraphIdOf(node);
    const review = pid === null ? undefined : look.reviews.get(pid);
    if (spacer < 1 && review === undefined) return;
    const attrs: Record<string, string> = {};
    if (spacer >= 1) attrs.style = `margin-top: ${spacer}px`;
    if (review !== undefined) {
      attrs.class = 'block--needs-review';
      attrs['data-needs-review'] = review.changedIn;
      attrs.title = look.reviewTitle(review.changedIn);
    }
    decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs));
  });
  return DecorationSet.create(doc, decorations);
}
