// What the editor shows beside the text: paragraphs needing review (from the document's
// `review` map, per language) and the space that lines paragraphs up side by side.
import { EditorState } from 'prosemirror-state';
import { reviewKey } from '../../../server/domain/documents/documentContent.js';
import { blockLookKey, blockLookPlugin, reviewsFor } from '../../../client/src/documents/blockDecorations.js';
import { documentSchema } from '../../../client/src/documents/documentSchema.js';
import { chosenLanguages, creatableKinds } from '../../../client/src/record/documentChoices.js';
import { ACTIONS, isAllowed } from '../../../server/domain/access/permissions.js';
import type { CaseRole } from '../../../server/domain/access/roles.js';

describe('paragraphs that need review', () => {
  const entries: Array<[string, unknown]> = [
    [reviewKey('zh', 'p1'), { changedIn: 'en', at: '2026-03-01T10:00:00.000Z' }],
    [reviewKey('en', 'p2'), { changedIn: 'zh', at: '2026-03-01T10:05:00.000Z' }],
    [reviewKey('zh', 'p3'), 'not a mark'],
  ];

  test('each language sees its own marks, keyed by paragraph id', () => {
    expect([...reviewsFor('zh', entries)]).toEqual([['p1', { changedIn: 'en', at: '2026-03-01T10:00:00.000Z' }]]);
    expect([...reviewsFor('en', entries).keys()]).toEqual(['p2']);
  });

  test('a paragraph needing review is decorated with the language it changed in, and spacers set the space above', () => {
    const paragraph = documentSchema.nodes.paragraph!;
    const doc = documentSchema.node('doc', null, [paragraph.create({ pid: 'p1' }, documentSchema.text('一')), paragraph.create({ pid: 'p9' }, documentSchema.text('二'))]);
    let state = EditorState.create({ doc, plugins: [blockLookPlugin()] });
    state = state.apply(state.tr.setMeta(blockLookKey, { reviews: reviewsFor('zh', entries), spacers: [0, 24], reviewTitle: (language: string) => `changed in ${language}` }));
    const found = blockLookKey.getState(state)!.decorations.find();
    expect(found.map((decoration) => ({ from: decoration.from, attrs: (decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs }))).toEqual([
      { from: 0, attrs: { class: 'block--needs-review', 'data-needs-review': 'en', title: 'changed in en' } },
      { from: doc.child(0).nodeSize, attrs: { style: 'margin-top: 24px' } },
    ]);
  });
});

describe('the kinds of document the case page offers to open', () => {
  const viewer = (role: CaseRole) => ({ you: { role }, may: ACTIONS.filter((action) => isAllowed(role, action)) });

  test('the parties open a statement of agreed facts or a settlement, not the minutes', () => {
    expect(creatableKinds(viewer('claimant'))).toEqual(['agreedFacts', 'settlement']);
  });

  test('the judge opens the minutes and, for the parties to write, the statement of agreed facts', () => {
    expect(creatableKinds(viewer('judge'))).toEqual(['minutes', 'agreedFacts']);
  });

  test('a role the court does not let open documents is offered none', () => {
    expect(creatableKinds(viewer('observer'))).toEqual([]);
    expect(creatableKinds({ you: { role: 'claimant' }, may: [] })).toEqual([]);
  });

  test('a document is written in at least one language', () => {
    expect(chosenLanguages([])).toEqual({ key: 'documents.chooseLanguages' });
    expect(chosenLanguages(['en', 'zh'])).toEqual(['en', 'zh']);
  });
});
