// Cross-examination of evidence in the asynchronous trial: one thread per evidence item, in which
// the opposing side states, with reasons, its view of the item's authenticity, legality and
// relevance (each accepted or disputed); the filing side may reply; the court puts questions,
// which the side they are put to answers.
//
// Standalone per evidence item, not tied to rounds (so not sealed): cross-examination answers what
// the other side has already disclosed, and a reply must be able to read the view it answers.
// Evidence still sealed for a round is not examinable until the round reveals it — the other
// side cannot see it, so a thread about it would either leak it or be one-sided.
//
// Whose is the evidence: the side that filed it. Evidence the court's clerk filed has no side;
// both sides examine it, and there is no filing side to reply.
import type { CaseRole } from '../access/roles.js';
import type { CaseParticipant, CaseSide } from '../cases/caseParticipant.js';
import { CourtError } from '../CourtError.js';

export const EXAMINATION_POINTS = ['authenticity', 'legality', 'relevance'] as const;
export type ExaminationPoint = (typeof EXAMINATION_POINTS)[number];
export const STANCES = ['accept', 'dispute'] as const;
export type Stance = (typeof STANCES)[number];

export const POST_KINDS = ['opinion', 'reply', 'question', 'answer'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const MAX_REASONS_CHARS = 8000;
export const MAX_POSTS = 200;

export interface PointView {
  readonly stance: Stance;
  readonly reasons: string;
}

export type Opinion = Readonly<Record<ExaminationPoint, PointView>>;

export interface ExaminationPost {
  readonly id: string;
  readonly kind: PostKind;
  /** opinion: the three points, each accepted or disputed with reasons. */
  readonly opinion?: Opinion;
  /** reply, question, answer: the text. */
  readonly text?: string;
  /** BCP 47 tag of the language it is written in. */
  readonly language: string;
  /** reply: the opinion it answers (optional); answer: the court's question (required). */
  readonly inReplyTo?: string;
  /** question: the side it is put to (absent: both). */
  readonly to?: CaseSide;
  readonly by: string;
  readonly byName: string;
  readonly role: CaseRole;
  /** The side the writer speaks for (absent for the court). */
  readonly side?: CaseSide;
  readonly at: string;
  readonly ledgerSeq: number;
}

/** The thread of one evidence item: every post, in order (a restated opinion is a new post). */
export interface CrossExamination {
  readonly evidenceId: string;
  readonly caseId: string;
  /** The side that filed the item (absent: filed by the court). */
  readonly filingSide?: CaseSide;
  readonly posts: readonly ExaminationPost[];
}

/** What the cross-examination rules look at in an evidence item. */
export interface ExaminableEvidence {
  readonly id: string;
  readonly side?: CaseSide;
  readonly withdrawnAt?: string;
  readonly sealed?: { readonly roundId: string };
}

/** A post as a writer submits it, before it gets its id, time and ledger entry. */
export type PostInput =
  | { readonly kind: 'opinion'; readonly opinion: Opinion; readonly language: string }
  | { readonly kind: 'reply'; readonly text: string; readonly language: string; readonly inReplyTo?: string }
  | { readonly kind: 'question'; readonly text: string; readonly language: string; readonly to?: CaseSide }
  | { readonly kind: 'answer'; readonly text: string; readonly language: string; readonly inReplyTo: string };

export function opposingSides(filingSide: CaseSide | undefined): CaseSide[] {
  if (filingSide === 'claimant') return ['respondent'];
  if (filingSide === 'respondent') return ['claimant'];
  return ['claimant', 'respondent'];
}

/** An item can be examined once it is on the open record: not sealed for a round, not withdrawn. */
export function requireExaminable(item: ExaminableEvidence): void {
  if (item.sealed !== undefined) {
    throw new CourtError('EVIDENCE_SEALED', `evidence ${item.id} is sealed for round ${item.sealed.roundId}; it can be cross-examined once the round reveals it`);
  }
  if (item.withdrawnAt !== undefined) throw new CourtError('EVIDENCE_ALREADY_WITHDRAWN', `evidence ${item.id} was withdrawn at ${item.withdrawnAt}; withdrawn evidence is not cross-examined`);
}

/**
 * Whether the writer may add this post to the thread (the table has let them into the thread: a
 * party or counsel for the parties' posts, the presiding roles for questions). Returns the side
 * the writer speaks for.
 */
export function requireMayPost(writer: Pick<CaseParticipant, 'role' | 'side'>, input: PostInput, thread: Pick<CrossExamination, 'filingSide' | 'posts'>): CaseSide | undefined {
  if (thread.posts.length >= MAX_POSTS) throw new CourtError('INVALID_PAYLOAD', `a cross-examination thread holds at most ${MAX_POSTS} posts; this one is full`);
  if (input.kind === 'question') return undefined;
  const side = writer.side;
  if (side === undefined) throw new CourtError('FORBIDDEN', 'only a party, or counsel for a side, writes in a cross-examination thread; the court puts questions');
  switch (input.kind) {
    case 'opinion':
      if (!opposingSides(thread.filingSide).includes(side)) {
        throw new CourtError('NOT_OPPOSING_PARTY', 'your side filed this evidence: the opposing side states its view of it, and you may reply');
      }
      return side;
    case 'reply':
      if (thread.filingSide !== side) {
        throw new CourtError('NOT_FILING_PARTY', thread.filingSide === undefined ? 'the court filed this evidence: there is no filing side to reply; state your view instead' : 'only the side that filed this evidence replies to the views on it; state your own view instead');
      }
      if (input.inReplyTo !== undefined) {
        const post = findPost(thread.posts, input.inReplyTo);
        if (post.kind !== 'opinion') throw new CourtError('INVALID_PAYLOAD', `body.inReplyTo: post ${post.id} is a ${post.kind}; a reply answers an opinion (answer a question with kind "answer")`);
      }
      return side;
    case 'answer': {
      const question = findPost(thread.posts, input.inReplyTo);
      if (question.kind !== 'question') throw new CourtError('INVALID_PAYLOAD', `body.inReplyTo: post ${question.id} is a ${question.kind}, not a question of the court`);
      if (question.to !== undefined && question.to !== side) throw new CourtError('NOT_ADDRESSED_TO_YOU', `the court put this question to the ${question.to}`);
      return side;
    }
  }
}

export function findPost(posts: readonly ExaminationPost[], postId: string): ExaminationPost {
  const post = posts.find((p) => p.id === postId);
  if (post === undefined) throw new CourtError('POST_NOT_FOUND', `this cross-examination has no post ${postId}`);
  return post;
}

export interface SideOpinion {
  readonly side: CaseSide;
  /** The side's latest opinion: an opinion restated replaces the one before (both stay in the thread). */
  readonly opinion: Opinion;
  readonly postId: string;
  readonly at: string;
}

/** Where the item stands: each opposing side's latest view, and the points anyone disputes. */
export function examinationSummary(thread: Pick<CrossExamination, 'filingSide' | 'posts'>): { opinions: SideOpinion[]; disputed: ExaminationPoint[]; awaiting: CaseSide[] } {
  const latest = new Map<CaseSide, SideOpinion>();
  for (const post of thread.posts) {
    if (post.kind === 'opinion' && post.side !== undefined && post.opinion !== undefined) latest.set(post.side, { side: post.side, opinion: post.opinion, postId: post.id, at: post.at });
  }
  const opinions = opposingSides(thread.filingSide).flatMap((side) => (latest.has(side) ? [latest.get(side)!] : []));
  const disputed = EXAMINATION_POINTS.filter((point) => opinions.some((o) => o.opinion[point].stance === 'dispute'));
  const awaiting = opposingSides(thread.filingSide).filter((side) => !latest.has(side));
  return { opinions, disputed, awaiting };
}
