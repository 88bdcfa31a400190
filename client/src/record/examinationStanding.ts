// Who may write what in an evidence item's cross-examination, and the court's questions each side
// has to answer, read from the thread as the court sent it. The court decides
// (NOT_OPPOSING_PARTY, NOT_FILING_PARTY, NOT_ADDRESSED_TO_YOU); this only says what the page
// offers. No DOM (unit tests import it).
import type { CrossExaminationView, ExaminationPostView } from './apiTypes.js';
import type { Side } from './claimStanding.js';

/** The sides that examine an item: the other side, or both when the court filed it. */
export function opposingSides(filingSide: Side | undefined): Side[] {
  if (filingSide === 'claimant') return ['respondent'];
  if (filingSide === 'respondent') return ['claimant'];
  return ['claimant', 'respondent'];
}

export interface ExaminationPart {
  /** State a view of authenticity, legality and relevance (the opposing side). */
  opinion: boolean;
  /** Reply to the views (the filing side). */
  reply: boolean;
  /** Put a question (the presiding side). */
  question: boolean;
}

export function partIn(view: Pick<CrossExaminationView, 'filingSide' | 'withdrawn'>, side: Side | undefined, mayQuestion: boolean): ExaminationPart {
  if (view.withdrawn) return { opinion: false, reply: false, question: false };
  return {
    opinion: side !== undefined && opposingSides(view.filingSide).includes(side),
    reply: side !== undefined && view.filingSide === side,
    question: mayQuestion,
  };
}

export interface QuestionAndAnswers {
  question: ExaminationPostView;
  answers: ExaminationPostView[];
}

/** The court's questions, each with the answers given to it. */
export function questionsWithAnswers(posts: readonly ExaminationPostView[]): QuestionAndAnswers[] {
  return posts.filter((p) => p.kind === 'question').map((question) => ({ question, answers: posts.filter((p) => p.kind === 'answer' && p.inReplyTo === question.id) }));
}

/** Whether a question is put to `side` (a question to no side is put to both). */
export function isPutTo(question: Pick<ExaminationPostView, 'to'>, side: Side | undefined): boolean {
  return side !== undefined && (question.to === undefined || question.to === side);
}

/** Questions put to `side` that nobody of that side has answered yet. */
export function unansweredQuestions(posts: readonly ExaminationPostView[], side: Side | undefined): ExaminationPostView[] {
  return questionsWithAnswers(posts)
    .filter(({ question, answers }) => isPutTo(question, side) && !answers.some((a) => a.side === side))
    .map(({ question }) => question);
}
