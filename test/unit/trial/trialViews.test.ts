// What one viewer is shown of a round: the view every REST read and socket push is built from.
import type { Answer, AnswerVersion } from '../../../server/domain/trial/answer.js';
import { roundViewOf, versionsViewOf } from '../../../server/record/trialViews.js';
import { claimant, claimantCounsel, judge, person, respondent, round } from './trialFixtures.js';

const NOW = new Date('2026-03-05T00:00:00.000Z');

function answerOf(forWhom: typeof claimant, text: string): { answer: Answer; version: AnswerVersion } {
  const version: AnswerVersion = {
    version: 1,
    text,
    language: 'en',
    attachments: ['e1'],
    submittedAt: '2026-03-04T00:00:00.000Z',
    submittedBy: `participant:${forWhom.id}`,
    submittedByName: forWhom.displayName,
    late: false,
    afterReveal: false,
    sealed: true,
    commitment: 'c'.repeat(64),
    nonce: 'n'.repeat(64),
    ledgerSeq: 7,
  };
  return {
    version,
    answer: { id: `a-${forWhom.id}`, caseId: 'case-1', roundId: 'round-1', threadId: 't1', for: forWhom.id, forName: forWhom.displayName, forSide: forWhom.side!, version: 1, current: version, firstSubmittedAt: version.submittedAt },
  };
}

const secret = answerOf(claimant, 'THE CLAIMANT’S SEALED TEXT');
const answered = round({ answered: { cl: { t1: '2026-03-04T00:00:00.000Z' } } });

test('the other side is shown that an answer was given, not the answer', () => {
  const view = roundViewOf(answered, [secret.answer], [], respondent, NOW);
  expect(JSON.stringify(view)).not.toContain('SEALED TEXT');
  expect(view.threads[0]).toMatchObject({ answers: [], sealedFromYou: 1 });
  expect(view.required[0]).toMatchObject({ participantId: 'cl', answeredQuestions: 1 });
  expect(view.you).toEqual({ participantId: 're', required: true, answersFor: ['re'] });
});

test('its own side and the court are shown the answer, marked sealed', () => {
  for (const viewer of [claimant, claimantCounsel, judge, person('ck', 'clerk')]) {
    const view = roundViewOf(answered, [secret.answer], [], viewer, NOW);
    expect(view.threads[0]!.answers).toEqual([expect.objectContaining({ text: 'THE CLAIMANT’S SEALED TEXT', sealed: true, attachments: ['e1'] })]);
  }
  expect(roundViewOf(answered, [secret.answer], [], claimantCounsel, NOW).you.answersFor).toEqual(['cl']);
});

test('once revealed, everyone who sees the round is shown it; versions carry their nonce only then', () => {
  const revealed = { ...answered, revealedAt: '2026-03-04T12:00:00.000Z' };
  expect(roundViewOf(revealed, [secret.answer], [], respondent, NOW).threads[0]!.answers[0]).toMatchObject({ text: 'THE CLAIMANT’S SEALED TEXT', sealed: false });
  expect(versionsViewOf(secret.answer, [secret.version], answered).versions[0]!.nonce).toBeUndefined();
  expect(versionsViewOf(secret.answer, [secret.version], revealed).versions[0]!.nonce).toBe('n'.repeat(64));
});

test('each viewer reads the deadline on their own clock; the first reads are shown per required participant', () => {
  const reads = [{ roundId: 'round-1', participantId: 're', at: '2026-03-03T00:00:00.000Z', ledgerSeq: 5 }];
  const view = roundViewOf(answered, [], reads, { ...respondent, timeZone: 'America/Sao_Paulo' }, NOW);
  expect(view.deadline.yours).toMatchObject({ timeZone: 'America/Sao_Paulo', local: '2026-03-10T06:00' });
  expect(view.deadline.setIn).toMatchObject({ timeZone: 'Asia/Shanghai', local: '2026-03-10T17:00' });
  expect(view.required.map((r) => r.firstOpenedAt)).toEqual([undefined, '2026-03-03T00:00:00.000Z']);
});
