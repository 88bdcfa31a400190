// The text of a document on the page: one editor per language of the document, side by side for
// a bilingual one — each paragraph on the line of its counterpart (same `pid`) where the two
// texts allow it, and the paragraphs that need review since their counterpart changed marked —
// or one language at a time.
import { REVIEW_MAP } from '../../../server/domain/documents/documentContent.js';
import { format, msg, onLanguageChange } from '../i18n.js';
import { describeLanguage, showLanguage } from '../record/timeFormat.js';
import { reviewsFor, setBlockLook, spacersOf } from './blockDecorations.js';
import { paragraphIdOf } from './documentSchema.js';
import { LanguageEditor, type DocumentAccess } from './languageEditor.js';
import { alignByParagraphId, sameSpacers, spacersFor } from './paragraphAlignment.js';
import type { SharedDocument } from './sharedDocument.js';

/** Both languages side by side, or one of them (its tag). */
export type WorkspaceLayout = 'sideBySide' | string;

export class DocumentWorkspace {
  readonly element: HTMLElement;
  readonly editors: readonly LanguageEditor[];
  readonly #resize: ResizeObserver;
  readonly #unobserveReviews: () => void;
  readonly #stopTranslating: () => void;
  #layout: WorkspaceLayout;
  #alignScheduled = false;
  #destroyed = false;

  constructor(shared: SharedDocument, languages: readonly string[], access: DocumentAccess) {
    this.#layout = languages.length === 2 ? 'sideBySide' : (languages[0] ?? '');
    this.element = document.createElement('div');
    this.element.className = 'document-workspace';
    this.element.dataset.languages = String(languages.length);
    this.editors = languages.map(
      (language) =>
        new LanguageEditor({
          shared,
          language,
          access,
          label: showLanguage(Object.assign(document.createElement('h2'), { className: 'document-editor__language' }), language),
          onUpdate: () => this.#scheduleAlign(),
        }),
    );
    this.element.append(...this.editors.map((editor) => editor.element));
    this.setLayout(this.#layout);

    const reviews = shared.doc.getMap(REVIEW_MAP);
    const showReviews = () => this.#showReviews(reviews.entries() as Iterable<[string, unknown]>);
    reviews.observe(showReviews);
    this.#unobserveReviews = () => reviews.unobserve(showReviews);
    showReviews();
    this.#stopTranslating = onLanguageChange(showReviews);
    // A wider or narrower window rewraps the text: line the paragraphs up again.
    this.#resize = new ResizeObserver(() => this.#scheduleAlign());
    this.#resize.observe(this.element);
  }

  get layout(): WorkspaceLayout {
    return this.#layout;
  }

  setLayout(layout: WorkspaceLayout): void {
    this.#layout = this.editors.length === 2 ? layout : (this.editors[0]?.language ?? layout);
    this.element.dataset.layout = this.#layout === 'sideBySide' ? 'sideBySide' : 'single';
    for (const editor of this.editors) editor.element.hidden = this.#layout !== 'sideBySide' && editor.language !== this.#layout;
    this.#scheduleAlign();
  }

  setAccess(access: DocumentAccess): void {
    for (const editor of this.editors) editor.setAccess(access);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#resize.disconnect();
    this.#unobserveReviews();
    this.#stopTranslating();
    for (const editor of this.editors) editor.destroy();
  }

  #showReviews(entries: Iterable<[string, unknown]>): void {
    const all = [...entries];
    const reviewTitle = (changedIn: string) => format(msg('document.needsReview', { language: describeLanguage(changedIn) }));
    for (const editor of this.editors) setBlockLook(editor.view, { reviews: reviewsFor(editor.language, all), reviewTitle });
  }

  /** Once per frame at most: measuring lays the page out. */
  #scheduleAlign(): void {
    if (this.#alignScheduled || this.#destroyed) return;
    this.#alignScheduled = true;
    requestAnimationFrame(() => {
      this.#alignScheduled = false;
      if (!this.#destroyed) this.#align();
    });
  }

  #align(): void {
    const [left, right] = this.editors;
    if (left === undefined || right === undefined) return;
    // Changing decorations in the middle of an input method's composition would break it (a
    // Chinese text is typed that way): the update that ends the composition aligns again.
    if (left.view.composing || right.view.composing) return;
    let wanted = { left: [] as number[], right: [] as number[] };
    if (this.#layout === 'sideBySide') {
      const pids = (editor: LanguageEditor) => {
        const ids: Array<string | null> = [];
        editor.view.state.doc.forEach((node) => ids.push(paragraphIdOf(node)));
        return ids;
      };
      const heights = (editor: LanguageEditor) => editor.blockElements().map((block) => block.getBoundingClientRect().height);
      wanted = spacersFor(alignByParagraphId(pids(left), pids(right)), heights(left), heights(right));
    }
    if (!sameSpacers(spacersOf(left.view.state), wanted.left)) setBlockLook(left.view, { spacers: wanted.left });
    if (!sameSpacers(spacersOf(right.view.state), wanted.right)) setBlockLook(right.view, { spacers: wanted.right });
  }
}
