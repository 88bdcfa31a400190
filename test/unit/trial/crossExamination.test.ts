// Cross-examination of evidence: the opposing side states its view, the filing side replies, the
// court asks and the side asked answers; sealed or withdrawn evidence is not examined.
import {
  examinationSummary,
  opposingSides,
  requireExaminable,
  requireMayPost,
  type CrossExamination,
  type ExaminationPost,
  type Opinion,
  type PostInput,
} from '../../../server/domain/trial/crossExamination.js';
import { claimant, claimantCounsel, judge, respondent, respondentCounsel } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

const opinion = (relevance: 'accept' | 'dispute' = 'dispute'): Opinion => ({
  authenticity: { stance: 'accept', reasons: 'the seal is genuine' },
  legality: { stance: 'accept', reasons: 'obtained from the shipper' },
  relevance: { stance: relevance, reasons: 'another shipment' },
});
const asOpinion: PostInput = { kind: 'opinion', opinion: opinion(), language: 'en' };

function post(id: string, kind: ExaminationPost['kind'], changes: Partial<ExaminationPost> = {}): ExaminationPost {
  return { id, kind, language: 'en', by: 'participant:x', byName: 'x', role: 'respondent', at: `2026-03-0${id.length}T00:00:00.000Z`, ledgerSeq: 1, ...changes };
}

const filedByClaimant = (posts: ExaminationPost[] = []): CrossExamination => ({ evidenceId: 'e1', caseId: 'case-1', filingSide: 'claimant', posts });

test("the opposing side of the claimant's evidence is the respondent; evidence the court filed is examined by both sides", () => {
  expect(opposingSides('claimant')).toEqual(['respondent']);
  expect(opposingSides('respondent')).toEqual(['claimant']);
  expect(opposingSides(undefined)).toEqual(['claimant', 'respondent']);
});

test('the opposing side (party or counsel) states its view; the filing side may not', () => {
  expect(requireMayPost(respondent, asOpinion, filedByClaimant())).toBe('respondent');
  expect(requireMayPost(respondentCounsel, asOpinion, filedByClaimant())).toBe('respondent');
  expect(codeOf(() => requireMayPost(claimant, asOpinion, filedByClaimant()))).toBe('NOT_OPPOSING_PARTY');
  expect(codeOf(() => requireMayPost(claimantCounsel, asOpinion, filedByClaimant()))).toBe('NOT_OPPOSING_PARTY');
});

test('the filing side replies, to an opinion if it names a post; the opposing side cannot reply', () => {
  const thread = filedByClaimant([post('o1', 'opinion', { side: 'respondent', opinion: opinion() }), post('q1', 'question')]);
  expect(requireMayPost(claimant, { kind: 'reply', text: 'it is the same shipment', language: 'en', inReplyTo: 'o1' }, thread)).toBe('claimant');
  expect(requireMayPost(claimantCounsel, { kind: 'reply', text: 'see the bill of lading', language: 'en' }, thread)).toBe('claimant');
  expect(codeOf(() => requireMayPost(respondent, { kind: 'reply', text: 'x', language: 'en' }, thread))).toBe('NOT_FILING_PARTY');
  expect(codeOf(() => requireMayPost(claimant, { kind: 'reply', text: 'x', language: 'en', inReplyTo: 'nope' }, thread))).toBe('POST_NOT_FOUND');
  expect(codeOf(() => requireMayPost(claimant, { kind: 'reply', text: 'x', language: 'en', inReplyTo: 'q1' }, thread))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireMayPost(claimant, { kind: 'reply', text: 'x', language: 'en' }, { posts: [] }))).toBe('NOT_FILING_PARTY');
});

test("the court's question is answered by the side it is put to (either side when put to both), and only a question is answered", () => {
  const thread = filedByClaimant([post('q1', 'question', { to: 'respondent' }), post('q22', 'question'), post('o1', 'opinion', { side: 'respondent', opinion: opinion() })]);
  expect(requireMayPost(judge, { kind: 'question', text: 'who kept the original?', language: 'en' }, thread)).toBeUndefined();
  expect(requireMayPost(respondent, { kind: 'answer', text: 'the shipper', language: 'en', inReplyTo: 'q1' }, thread)).toBe('respondent');
  expect(codeOf(() => requireMayPost(claimant, { kind: 'answer', text: 'x', language: 'en', inReplyTo: 'q1' }, thread))).toBe('NOT_ADDRESSED_TO_YOU');
  expect(requireMayPost(claimant, { kind: 'answer', text: 'x', language: 'en', inReplyTo: 'q22' }, thread)).toBe('claimant');
  expect(codeOf(() => requireMayPost(claimant, { kind: 'answer', text: 'x', language: 'en', inReplyTo: 'o1' }, thread))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireMayPost(claimant, { kind: 'answer', text: 'x', language: 'en', inReplyTo: 'zz' }, thread))).toBe('POST_NOT_FOUND');
});

test('evidence sealed for a round, or withdrawn, is not cross-examined', () => {
  expect(() => requireExaminable({ id: 'e1', side: 'claimant' })).not.toThrow();
  expect(codeOf(() => requireExaminable({ id: 'e1', side: 'claimant', sealed: { roundId: 'r1' } }))).toBe('EVIDENCE_SEALED');
  expect(codeOf(() => requireExaminable({ id: 'e1', side: 'claimant', withdrawnAt: '2026-03-01T00:00:00.000Z' }))).toBe('EVIDENCE_ALREADY_WITHDRAWN');
});

test("the summary holds each opposing side's latest view and the points it disputes", () => {
  const empty = examinationSummary(filedByClaimant());
  expect(empty).toEqual({ opinions: [], disputed: [], awaiting: ['respondent'] });
  const restated = examinationSummary(
    filedByClaimant([post('o1', 'opinion', { side: 'respondent', opinion: opinion('dispute') }), post('o22', 'opinion', { side: 'respondent', opinion: opinion('accept') })]),
  );
  expect(restated.opinions.map((o) => o.postId)).toEqual(['o22']);
  expect(restated.disputed).toEqual([]);
  const byCourt = examinationSummary({ posts: [post('o1', 'opinion', { side: 'claimant', opinion: opinion('dispute') })] });
  expect(byCourt).toMatchObject({ disputed: ['relevance'], awaiting: ['respondent'] });
});
