// Cross-examination of evidence on the record: each post (an opinion of the opposing side, a reply
// of the filing side, a question of the court, an answer to it) is one commit of the item's thread,
// its ledger entry ('evidence.crossExamined', in full: nothing here is sealed), a "crossExamined"
// line on the item's chain of custody and the audit line — durable before acknowledged. The rules
// are in domain/trial/crossExamination.ts; posting is part of the asynchronous trial, so it needs
// every party's consent like the rounds do.
import { randomUUID } from 'node:crypto';
import { isAllowed } from '../domain/access/permissions.js';
import type { CaseParticipant, CaseSide } from '../domain/cases/caseParticipant.js';
import { CourtError } from '../domain/CourtError.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import { requireAsyncTrial } from '../domain/trial/consent.js';
import {
  EXAMINATION_POINTS,
  examinationSummary,
  requireExaminable,
  requireMayPost,
  type CrossExamination,
  type ExaminationPost,
  type PostInput,
} from '../domain/trial/crossExamination.js';
import { requirePresidingFor } from '../domain/trial/round.js';
import type { CrossExaminationView } from '../protocol/crossExaminationSchemas.js';
import type { TrialServices } from './AsyncTrial.js';
import { auditLine } from './AuditLog.js';
import type { CaseGrant } from './CaseAccess.js';
import { custodyLine, type EvidenceItem } from './EvidenceLocker.js';
import { withRetries } from './trialRecords.js';

export class EvidenceCrossExamination {
  readonly #s: TrialServices;

  constructor(services: TrialServices) {
    this.#s = services;
  }

  /** The thread of one item, as anyone who may see the item reads it. */
  async view(principal: Principal, caseId: string, evidenceId: string, origin: RequestOrigin): Promise<CrossExaminationView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'crossExamination.view', origin, evidenceId);
    const item = await this.#s.access.refusing(grant, () => this.#visibleItem(grant, caseId, evidenceId));
    await this.#s.access.noteRead(grant, evidenceId);
    return crossExaminationViewOf(item, await this.#threadOf(item));
  }

  /** Every item of the case the caller may see that is on the open record, with where its cross-examination stands. */
  async list(principal: Principal, caseId: string, origin: RequestOrigin): Promise<CrossExaminationView[]> {
    const grant = await this.#s.access.authorize(principal, caseId, 'crossExamination.view', origin);
    await this.#s.access.noteRead(grant);
    const threads = new Map((await this.#s.records.crossExaminationsOf(caseId)).map((t) => [t.evidenceId, t]));
    const items = (await this.#s.evidence.allOfCase(caseId, grant)).filter((item) => item.sealed === undefined);
    return items.map((item) => crossExaminationViewOf(item, threads.get(item.id) ?? emptyThread(item)));
  }

  async post(principal: Principal, caseId: string, evidenceId: string, input: PostInput, origin: RequestOrigin): Promise<CrossExaminationView> {
    const { access, records, ledger } = this.#s;
    const grant = await access.authorize(principal, caseId, input.kind === 'question' ? 'crossExamination.question' : 'crossExamination.state', origin, evidenceId);
    const { item, thread } = await access.refusing(grant, () =>
      withRetries(async () => {
        if (input.kind === 'question') requirePresidingFor(grant.courtCase.stage, grant.role);
        const [state, participants] = await Promise.all([records.state(caseId), records.participantsOf(caseId)]);
        requireAsyncTrial(state.value, participants);
        const item = await this.#visibleItem(grant, caseId, evidenceId);
        requireExaminable(item);
        const stored = (await records.crossExamination(evidenceId)) ?? { value: emptyThread(item), version: 0 };
        const side = requireMayPost(grant.participant, input, stored.value);
        const postId = randomUUID();
        const content = contentOf(input);
        const payload: JsonValue = { evidenceId, sha256: item.sha256, postId, ...ledgerContent(content), ...(side === undefined ? {} : { side }) };
        let next: CrossExamination | undefined;
        await ledger.append(caseId, { type: 'evidence.crossExamined', actor: grant.actor, payload }, (entry) => {
          const post: ExaminationPost = {
            id: postId,
            ...content,
            by: grant.actor,
            byName: grant.participant.displayName,
            role: grant.role,
            ...(side === undefined ? {} : { side }),
            at: entry.at,
            ledgerSeq: entry.seq,
          };
          next = { ...stored.value, posts: [...stored.value.posts, post] };
          return {
            puts: [records.crossExaminationPut(next, stored.version)],
            logs: [custodyLine(grant, evidenceId, 'crossExamined', entry.at, entry.seq, custodyDetail(post)), auditLine({ ...grant.audit, target: evidenceId })],
          };
        });
        return { item, thread: next! };
      }),
    );
    this.#s.observer.emit('crossExaminationChanged', caseId, evidenceId);
    return crossExaminationViewOf(item, thread);
  }

  /**
   * Who reads the thread, and the thread (for pushes): everyone the table lets read it. Posts are
   * refused while the item is sealed, so a thread with posts is on the open record: one view for all.
   */
  async viewsFor(caseId: string, evidenceId: string): Promise<{ readers: CaseParticipant[]; view: CrossExaminationView } | undefined> {
    const item = await this.#s.evidence.find(caseId, evidenceId);
    if (item === undefined || item.sealed !== undefined) return undefined;
    const readers = (await this.#s.records.participantsOf(caseId)).filter((p) => p.removedAt === undefined && isAllowed(p.role, 'crossExamination.view'));
    return { readers, view: crossExaminationViewOf(item, await this.#threadOf(item)) };
  }

  /** The item, if the caller may see it; a sealed item of the other side does not exist for them. */
  async #visibleItem(grant: CaseGrant, caseId: string, evidenceId: string): Promise<EvidenceItem> {
    const item = await this.#s.evidence.findVisible(caseId, evidenceId, grant);
    if (item === undefined) throw new CourtError('EVIDENCE_NOT_FOUND', `this case has no evidence ${evidenceId}`);
    return item;
  }

  async #threadOf(item: EvidenceItem): Promise<CrossExamination> {
    return (await this.#s.records.crossExamination(item.id))?.value ?? emptyThread(item);
  }
}

function emptyThread(item: EvidenceItem): CrossExamination {
  return { evidenceId: item.id, caseId: item.caseId, ...(item.side === undefined ? {} : { filingSide: item.side }), posts: [] };
}

/** What a post says, as stored and as the ledger takes it. */
function contentOf(input: PostInput): Omit<ExaminationPost, 'id' | 'by' | 'byName' | 'role' | 'side' | 'at' | 'ledgerSeq'> {
  switch (input.kind) {
    case 'opinion':
      return { kind: 'opinion', opinion: input.opinion, language: input.language };
    case 'reply':
      return { kind: 'reply', text: input.text, language: input.language, ...(input.inReplyTo === undefined ? {} : { inReplyTo: input.inReplyTo }) };
    case 'question':
      return { kind: 'question', text: input.text, language: input.language, ...(input.to === undefined ? {} : { to: input.to }) };
    case 'answer':
      return { kind: 'answer', text: input.text, language: input.language, inReplyTo: input.inReplyTo };
  }
}

/** The post's content as the ledger entry carries it (in full: cross-examination is not sealed). */
function ledgerContent(content: ReturnType<typeof contentOf>): { [key: string]: JsonValue } {
  const { opinion, ...rest } = content;
  const fields: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) fields[key] = value;
  if (opinion !== undefined) fields.opinion = Object.fromEntries(EXAMINATION_POINTS.map((point) => [point, { stance: opinion[point].stance, reasons: opinion[point].reasons }]));
  return fields;
}

function custodyDetail(post: ExaminationPost): string {
  const of = (side: CaseSide | undefined) => (side === undefined ? 'the court' : `the ${side}`);
  switch (post.kind) {
    case 'opinion':
      return `opinion of ${of(post.side)}: ${EXAMINATION_POINTS.map((point) => `${point} ${post.opinion![point].stance === 'accept' ? 'accepted' : 'disputed'}`).join(', ')}`;
    case 'reply':
      return `reply of ${of(post.side)}`;
    case 'question':
      return `question of the court${post.to === undefined ? '' : ` to the ${post.to}`}`;
    case 'answer':
      return `answer of ${of(post.side)} to a question of the court`;
  }
}

export function crossExaminationViewOf(item: EvidenceItem, thread: CrossExamination): CrossExaminationView {
  const summary = examinationSummary(thread);
  return {
    evidenceId: item.id,
    caseId: item.caseId,
    title: item.title,
    ...(thread.filingSide === undefined ? {} : { filingSide: thread.filingSide }),
    withdrawn: item.withdrawnAt !== undefined,
    posts: thread.posts.map((post) => ({ ...post, ...(post.opinion === undefined ? {} : { opinion: { ...post.opinion } }) })),
    summary: { opinions: summary.opinions.map((o) => ({ ...o, opinion: { ...o.opinion } })), disputed: summary.disputed, awaiting: summary.awaiting },
  };
}
