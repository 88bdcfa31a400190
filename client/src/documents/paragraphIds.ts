// Every block of a document carries a paragraph id (`pid`) that links it to its counterpart in
// the other language. This plugin keeps them: a block made by a local edit gets a fresh random
// id, and when an edit leaves two blocks with one id (Enter splits a paragraph; ProseMirror
// copies the attributes to both halves) one keeps it and the other gets a new one. Pasted
// blocks lose the ids they came with, so a paragraph copied from elsewhere is not taken for a
// counterpart of something it is not.
//
// Only local edits are looked at: changes that arrive from the shared document are someone
// else's, whose own editor gave their blocks ids, and two editors repairing the same block
// with different random ids would only fight.
import { Fragment, Slice, type Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { PARAGRAPH_ID_ATTRIBUTE } from '../../../server/domain/documents/documentContent.js';
import { paragraphIdOf } from './documentSchema.js';

/** A new paragraph id: 64 random bits in hex, unlikely ever to meet another in one document. */
export function newParagraphId(): string {
  // getRandomValues, not randomUUID: the latter exists only on https pages (and localhost).
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface IdRepair {
  /** Position of the block in the document. */
  readonly pos: number;
  readonly pid: string;
}

/**
 * The blocks of `doc` whose id must change: those without one, and of each group sharing an
 * id all but the keeper — the first block with text (the part of a split paragraph that still
 * holds its words), or the first if none has any.
 */
export function paragraphIdRepairs(doc: ProseMirrorNode, newId: () => string = newParagraphId): IdRepair[] {
  const groups = new Map<string, Array<{ pos: number; node: ProseMirrorNode }>>();
  const repairs: IdRepair[] = [];
  doc.forEach((node, pos) => {
    if (!node.isBlock) return;
    const pid = paragraphIdOf(node);
    if (pid === null) {
      repairs.push({ pos, pid: newId() });
      return;
    }
    const group = groups.get(pid);
    if (group === undefined) groups.set(pid, [{ pos, node }]);
    else group.push({ pos, node });
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const keeper = group.find((block) => block.node.textContent !== '') ?? group[0]!;
    for (const block of group) if (block !== keeper) repairs.push({ pos: block.pos, pid: newId() });
  }
  return repairs.sort((a, b) => a.pos - b.pos);
}

/** Whether a transaction is an edit made here (not text arriving from the shared document). */
export function isLocalEdit(tr: Transaction): boolean {
  if (!tr.docChanged) return false;
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return sync?.isChangeOrigin !== true;
}

/** The same content with every block's paragraph id removed. */
export function withoutParagraphIds(fragment: Fragment): Fragment {
  const blocks: ProseMirrorNode[] = [];
  fragment.forEach((node) => {
    const stripped = node.isBlock && PARAGRAPH_ID_ATTRIBUTE in node.attrs ? node.type.create({ ...node.attrs, [PARAGRAPH_ID_ATTRIBUTE]: null }, node.content, node.marks) : node;
    blocks.push(stripped);
  });
  return Fragment.from(blocks);
}

export const paragraphIdsKey = new PluginKey('paragraphIds');

export function paragraphIdPlugin(newId: () => string = newParagraphId): Plugin {
  return new Plugin({
    key: paragraphIdsKey,
    props: {
      transformPasted: (slice) => new Slice(withoutParagraphIds(slice.content), slice.openStart, slice.openEnd),
    },
    appendTransaction: (transactions: readonly Transaction[], _old: EditorState, state: EditorState) => {
      if (!transactions.some(isLocalEdit)) return null;
      const repairs = paragraphIdRepairs(state.doc, newId);
      if (repairs.length === 0) return null;
      const tr = state.tr;
      for (const { pos, pid } of repairs) tr.setNodeAttribute(pos, PARAGRAPH_ID_ATTRIBUTE, pid);
      return tr;
    },
  });
}
