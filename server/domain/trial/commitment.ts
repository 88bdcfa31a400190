// The hashes of the asynchronous trial: the commitment the ledger takes of something sealed, and
// the id of an answer. Kept apart from the rules (exchangeRule.ts, answer.ts), which the browser
// client imports through the schemas and which so must not need Node's crypto.
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../ledger/canonicalJson.js';
import type { Answer, AnswerContent } from './answer.js';

/**
 * What the ledger records of something sealed: SHA-256 (hex) of the canonical JSON of the sealed
 * content with a random nonce beside it, so that a short answer ("admitted") cannot be found by
 * hashing guesses. The reveal publishes the content and the nonce; anyone can recompute this.
 */
export function sealCommitment(content: { readonly [key: string]: JsonValue }, nonce: string): string {
  return createHash('sha256').update(canonicalJson({ ...content, nonce }), 'utf8').digest('hex');
}

/** The content that an answer version's commitment covers. */
export function committedContent(answer: Pick<Answer, 'id' | 'threadId' | 'for'>, version: number, content: AnswerContent): { [key: string]: JsonValue } {
  return { answerId: answer.id, threadId: answer.threadId, for: answer.for, version, text: content.text, language: content.language, attachments: [...content.attachments] };
}

/**
 * One answer per question and participant, so its id follows from the two: two tabs answering
 * at once both write the same record, and one of them is told it changed.
 */
export function answerIdOf(threadId: string, participantId: string): string {
  const hex = createHash('sha256').update(`answer\u0000${threadId}\u0000${participantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
