// Which paragraphs of a bilingual document need review, after edits: the court's rule, pure.
//
//   - A paragraph edited in one language marks its counterpart (same pid) in the other language
//     as needing review — if the counterpart exists and is not already marked for that language.
//   - A paragraph that was marked and is now edited is being reviewed: its mark goes, and that
//     edit does not mark the counterpart back (or every answer would send the question back).
//     The same person's further edits of that paragraph within ANSWER_WINDOW_MS are still the
//     answer; after that, or by someone else, an edit marks the counterpart again.
//   - Both languages of a paragraph edited together (one batch): both marks go, none is set.
//   - Deleting a paragraph is editing it.
import { reviewKey, type ReviewMark } from './documentContent.js';

/** How long a reviewer's further edits of the paragraph they answered count as the answer. */
export const ANSWER_WINDOW_MS = 5 * 60 * 1000;

export interface ParagraphEdit {
  readonly language: string;
  readonly pid: string;
  /** Who edited it ('participant:<id>' or 'account:<id>'). */
  readonly actor: string;
}

export interface ReviewAnswer {
  readonly actor: string;
  readonly at: number;
}

export interface ReviewState {
  /** The review map as it stands: key `<language>:<pid>`. */
  readonly marks: ReadonlyMap<string, ReviewMark>;
  /** Whether the paragraph exists in that language. */
  hasParagraph(language: string, pid: string): boolean;
}

export interface ReviewChanges {
  readonly set: ReadonlyMap<string, ReviewMark>;
  readonly remove: ReadonlySet<string>;
}

/**
 * What to change in the review map after these edits (in the order they were stored).
 * `answered` is the room's memory of answered marks; it is updated in place.
 */
export function reviewChanges(edits: readonly ParagraphEdit[], languages: readonly string[], state: ReviewState, answered: Map<string, ReviewAnswer>, now: Date): ReviewChanges {
  const set = new Map<string, ReviewMark>();
  const remove = new Set<string>();
  if (languages.length !== 2) return { set, remove };
  const marks = new Map(state.marks);
  const clear = (key: string) => {
    if (!marks.has(key)) return false;
    marks.delete(key);
    set.delete(key);
    remove.add(key);
    return true;
  };
  const ms = now.getTime();
  for (const [pid, byLanguage] of editsByParagraph(edits, languages)) {
    if (byLanguage.size === 2) {
      for (const language of languages) {
        clear(reviewKey(language, pid));
        answered.delete(reviewKey(language, pid));
      }
      continue;
    }
    const [language, actor] = [...byLanguage][0]!;
    const other = languages.find((tag) => tag !== language)!;
    const own = reviewKey(language, pid);
    const counterpart = reviewKey(other, pid);
    if (clear(own)) {
      answered.set(own, { actor, at: ms });
      continue;
    }
    const answer = answered.get(own);
    if (answer !== undefined && answer.actor === actor && ms - answer.at < ANSWER_WINDOW_MS) {
      answered.set(own, { actor, at: ms });
      continue;
    }
    answered.delete(own);
    // The counterpart's earlier answer is over: what it answered has changed again.
    answered.delete(counterpart);
    if (marks.get(counterpart)?.changedIn === language || !state.hasParagraph(other, pid)) continue;
    const mark: ReviewMark = { changedIn: language, at: now.toISOString() };
    marks.set(counterpart, mark);
    remove.delete(counterpart);
    set.set(counterpart, mark);
  }
  return { set, remove };
}

/** pid → language → the last actor who edited it there. */
function editsByParagraph(edits: readonly ParagraphEdit[], languages: readonly string[]): Map<string, Map<string, string>> {
  const grouped = new Map<string, Map<string, string>>();
  for (const edit of edits) {
    if (!languages.includes(edit.language)) continue;
    let byLanguage = grouped.get(edit.pid);
    if (byLanguage === undefined) grouped.set(edit.pid, (byLanguage = new Map()));
    byLanguage.set(edit.language, edit.actor);
  }
  return grouped;
}
