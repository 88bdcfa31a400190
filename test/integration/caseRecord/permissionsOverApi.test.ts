// The role × action table, asked through the real doors of a running node: every cell, allowed
// and denied, is one real REST request or socket.io event by a participant in that role. A probe
// that gets anything but success or 403 FORBIDDEN fails: it did not isolate the permission.
// Also: strangers to a case are refused at every door, removed participants lose access at once,
// and refusals land on the target case's audit log.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { ACTIONS, isAllowed, type CaseAction } from '../../../server/domain/access/permissions.js';
import { CASE_ROLES, type CaseRole } from '../../../server/domain/access/roles.js';
import { allowedNextStages, type DisputeStage } from '../../../server/domain/cases/disputeStage.js';
import { DOCUMENT_KINDS, readActionOf, writeActionOf, type DocumentKind } from '../../../server/domain/documents/documentKinds.js';
import type { Ack } from '../../../server/protocol/ack.js';
import { SignallingClient, startTestCourt, waitFor } from '../../helpers/courtHarness.js';
import { ApiClient, fileEvidence, redeem, seedCase, type ApiResponse, type SeededCase } from '../../helpers/caseRecordClient.js';
import { openOrRefusal, tryToWrite, type RawDocumentSocket } from '../../helpers/documentClient.js';

type Outcome = 'allowed' | 'denied';
/** Performs one real request as `role` in `seeded` (after its own set-up) and says how it went. */
type Probe = (role: CaseRole, seeded: SeededCase) => Promise<Outcome>;

let server: RunningCourtServer;
/** The case most probes act in (their changes do not disturb each other). */
let main: SeededCase;
/** A second case, whose participants are strangers to `main`. */
let other: SeededCase;

beforeAll(async () => {
  server = await startTestCourt({}, { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } });
  main = await seedCase(server);
  other = await seedCase(server);
});

afterEach(async () => {
  for (const client of [...openSockets]) await hangUp(client);
});

afterAll(async () => {
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// Reading outcomes

function printable(body: unknown): string {
  return Buffer.isBuffer(body) ? `<${body.length} bytes>` : JSON.stringify(body);
}

/** A REST answer: 2xx allowed, 403 FORBIDDEN denied, anything else a broken probe. */
async function rest(what: string, pending: Promise<ApiResponse>): Promise<Outcome> {
  const response = await pending;
  if (response.status >= 200 && response.status < 300) return 'allowed';
  if (response.status === 403 && response.body?.code === 'FORBIDDEN') return 'denied';
  throw new Error(`${what} did not isolate the permission: ${response.status} ${printable(response.body)}`);
}

/** A socket acknowledgement: ok allowed, FORBIDDEN denied, anything else a broken probe. */
function acked(what: string, ack: Ack<unknown>): Outcome {
  if (ack.ok) return 'allowed';
  if (ack.error.code === 'FORBIDDEN') return 'denied';
  throw new Error(`${what} did not isolate the permission: ${JSON.stringify(ack)}`);
}

/** Set-up that must succeed. */
async function must<T = any>(what: string, pending: Promise<ApiResponse<T>>): Promise<T> {
  const response = await pending;
  if (response.status < 200 || response.status >= 300) throw new Error(`set-up (${what}) failed: ${response.status} ${printable(response.body)}`);
  return response.body;
}

const unique = () => randomUUID().slice(0, 8);

// ---------------------------------------------------------------------------------------------
// Sockets

const openSockets = new Set<SignallingClient>();

async function connectAs(client: ApiClient): Promise<SignallingClient> {
  const socket = await SignallingClient.connect(server.url, client.token);
  openSockets.add(socket);
  return socket;
}

/**
 * Closes a socket and waits until the server has let it go, so the same participant's next
 * socket is not taken for the old one leaving (leaving removes the participant from the room).
 */
async function hangUp(client: SignallingClient): Promise<void> {
  const id = client.socket.id;
  client.close();
  openSockets.delete(client);
  if (id !== undefined) await waitFor(() => !server.io.of('/').sockets.has(id), `the server to let socket ${id} go`);
}

/** Opens a socket as `role`, runs `use` on it, and always hangs up. */
async function withSocket<T>(client: ApiClient, use: (socket: SignallingClient) => Promise<T>): Promise<T> {
  const socket = await connectAs(client);
  try {
    return await use(socket);
  } finally {
    await hangUp(socket);
  }
}

async function joinHearing(socket: SignallingClient, hearingId: string): Promise<void> {
  const ack = await socket.send('hearing:join', { hearingId });
  if (!ack.ok) throw new Error(`set-up (hearing:join) failed: ${JSON.stringify(ack)}`);
}

// ---------------------------------------------------------------------------------------------
// Hearings: a hearing per seeded case, in session, chaired by its judge

/** Schedules a hearing of the case chaired by `presidingId` (default: its judge). */
async function scheduleHearing(s: SeededCase, presidingId?: string): Promise<string> {
  const body = { title: `Hearing ${unique()}`, start: new Date().toISOString(), durationMinutes: 60, timeZone: 'UTC', ...(presidingId ? { presidingId } : {}) };
  return (await must('schedule a hearing', s.as.judge.post(`/cases/${s.caseId}/hearings`, body))).id;
}

/** A courtroom command as `client`; the chair's set-up commands must succeed. */
async function command(socket: SignallingClient, payload: object): Promise<void> {
  const ack = await socket.send('courtroom:command', payload as never);
  if (!ack.ok) throw new Error(`set-up (courtroom:command ${JSON.stringify(payload)}) failed: ${JSON.stringify(ack)}`);
}

/** Has the chair of a hearing run commands: joins as them, commands, hangs up (their seat stays). */
async function asChair(chair: ApiClient, hearingId: string, ...payloads: object[]): Promise<void> {
  await withSocket(chair, async (socket) => {
    await joinHearing(socket, hearingId);
    for (const payload of payloads) await command(socket, payload);
  });
}

const hearings = new Map<string, Promise<string>>();
/** The case's standing hearing, opened and in session. */
function standingHearing(s: SeededCase): Promise<string> {
  let hearing = hearings.get(s.caseId);
  if (hearing === undefined) {
    hearing = scheduleHearing(s).then(async (id) => {
      await asChair(s.as.judge, id, { action: 'movePhase', phase: 'lobbyOpen' }, { action: 'movePhase', phase: 'inSession' });
      return id;
    });
    hearings.set(s.caseId, hearing);
  }
  return hearing;
}

/** Joins the standing hearing as `role`, admitted in advance, then runs `use`. */
async function inHearing<T>(role: CaseRole, s: SeededCase, use: (socket: SignallingClient) => Promise<T>): Promise<T> {
  const hearingId = await standingHearing(s);
  if (role !== 'judge') await asChair(s.as.judge, hearingId, { action: 'preAdmit', participantIds: [s.participantIds[role]] });
  return withSocket(s.as[role], async (socket) => {
    await joinHearing(socket, hearingId);
    return use(socket);
  });
}

/**
 * A hearing that `role` chairs, if their role may chair: judges, arbitrators and mediators are
 * named when it is scheduled; a clerk is delegated the chair by the judge.
 */
async function hearingChairedBy(role: CaseRole, s: SeededCase): Promise<string> {
  if (role === 'judge' || role === 'arbitrator' || role === 'mediator') return scheduleHearing(s, s.participantIds[role]);
  const hearingId = await standingHearing(s);
  if (role !== 'clerk') return hearingId;
  // The clerk comes (to the lobby), and the judge hands them the chair.
  await withSocket(s.as.clerk, async (clerk) => {
    await joinHearing(clerk, hearingId);
    await asChair(s.as.judge, hearingId, { action: 'delegate', participantId: s.participantIds.clerk });
  });
  return hearingId;
}

// ---------------------------------------------------------------------------------------------
// Set-up shared by probes

/** Fresh UTF-8 text: never filed before, so filing it cannot meet EVIDENCE_ALREADY_FILED. */
function freshText(): Buffer {
  return Buffer.from(`Statement ${randomUUID()}: 我确认以上内容属实. Confirmo.\n`, 'utf8');
}

async function fileFresh(client: ApiClient, caseId: string): Promise<ApiResponse> {
  return fileEvidence(client, caseId, freshText(), { title: `Exhibit ${unique()}`, contentType: 'text/plain' });
}

/** One exhibit per case that nobody withdraws, for reading its custody. */
const standingExhibits = new Map<string, Promise<string>>();
function standingExhibit(seeded: SeededCase): Promise<string> {
  let exhibit = standingExhibits.get(seeded.caseId);
  if (exhibit === undefined) {
    exhibit = must('file a standing exhibit', fileFresh(seeded.as.claimant, seeded.caseId)).then((item) => item.id as string);
    standingExhibits.set(seeded.caseId, exhibit);
  }
  return exhibit;
}

/**
 * Who files the evidence that `role` then tries to withdraw: someone on the role's own side
 * (counsel acts for the claimant), so an allowed withdrawal passes the ownership rule. Roles with
 * no side are refused by the table before ownership is looked at.
 */
function filerFor(role: CaseRole): CaseRole {
  if (role === 'respondent') return 'respondent';
  if (role === 'counsel') return 'counsel';
  return 'claimant';
}

async function addWitness(seeded: SeededCase, by: CaseRole = 'judge'): Promise<ApiResponse> {
  return seeded.as[by].post(`/cases/${seeded.caseId}/participants`, { role: 'witness', displayName: `Witness ${unique()}`, locale: 'en', timeZone: 'Europe/London' });
}

/**
 * A case whose stage can still move, and a move allowed from where it is now. Cases end in
 * arbitration or trial, so a finished one is replaced by a freshly seeded case.
 */
let stageCase: SeededCase | undefined;
async function stageMove(): Promise<{ seeded: SeededCase; to: DisputeStage }> {
  if (stageCase !== undefined) {
    const { case: courtCase } = await must('read the stage', stageCase.as.judge.get(`/cases/${stageCase.caseId}`));
    const [to] = allowedNextStages(courtCase.stage as DisputeStage);
    if (to !== undefined) return { seeded: stageCase, to };
  }
  stageCase = await seedCase(server);
  return { seeded: stageCase, to: allowedNextStages('negotiation')[0]! };
}

// ---------------------------------------------------------------------------------------------
// Documents: one standing document of each kind per case, the minutes released to the parties

const standingDocuments = new Map<string, Promise<Record<DocumentKind, string>>>();
function standingDocument(s: SeededCase, kind: DocumentKind): Promise<string> {
  let documents = standingDocuments.get(s.caseId);
  if (documents === undefined) {
    documents = (async () => {
      const open = async (as: CaseRole, k: DocumentKind) => (await must(`open ${k}`, s.as[as].post(`/cases/${s.caseId}/documents`, { kind: k, title: `${k} ${unique()}` }))).id as string;
      const minutes = await open('clerk', 'minutes');
      await must('release the minutes', s.as.judge.post(`/cases/${s.caseId}/documents/${minutes}/release`));
      return { minutes, agreedFacts: await open('claimant', 'agreedFacts'), settlement: await open('mediator', 'settlement') };
    })();
    standingDocuments.set(s.caseId, documents);
  }
  return documents.then((all) => all[kind]);
}

/** Document sync's door: the upgrade opens (allowed) or is refused with 403 FORBIDDEN (denied). */
async function syncDoor(role: CaseRole, s: SeededCase, kind: DocumentKind, use: (socket: RawDocumentSocket) => Promise<Outcome>): Promise<Outcome> {
  const opened = await openOrRefusal(server, await standingDocument(s, kind), s.as[role].token!);
  if ('refusal' in opened) {
    if (opened.refusal.status === 403 && opened.refusal.body?.code === 'FORBIDDEN') return 'denied';
    throw new Error(`document sync (${kind}) did not isolate the permission: ${opened.refusal.status} ${printable(opened.refusal.body)}`);
  }
  try {
    return await use(opened.socket);
  } finally {
    opened.socket.close();
  }
}

const readProbe = (kind: DocumentKind): Probe => (role, s) => syncDoor(role, s, kind, async () => 'allowed');

/** A reader's edit is refused by the server ("permission denied"); a writer's is in its document. */
const writeProbe =
  (kind: DocumentKind): Probe =>
  (role, s) =>
    syncDoor(role, s, kind, async (socket) => ((await tryToWrite(socket, `${role} wrote ${unique()}`)) === 'written' ? 'allowed' : 'denied'));

/** A kind the role reads (any kind when it reads none: the table refuses it first). */
function readableKind(role: CaseRole): DocumentKind {
  return (['agreedFacts', 'settlement', 'minutes'] as const).find((kind) => isAllowed(role, readActionOf(kind))) ?? 'agreedFacts';
}

/** A fresh document of the kind, opened by one who writes it (or, for minutes, the clerk). */
async function freshDocument(s: SeededCase, kind: DocumentKind): Promise<string> {
  const opener: CaseRole = kind === 'agreedFacts' ? 'claimant' : kind === 'settlement' ? 'mediator' : 'clerk';
  return (await must(`open ${kind}`, s.as[opener].post(`/cases/${s.caseId}/documents`, { kind, title: `${kind} ${unique()}` }))).id;
}

/** A kind the role may open by the rules on top of the table (any kind, when the table refuses). */
function creatableKind(role: CaseRole): DocumentKind {
  const staff = role === 'judge' || role === 'arbitrator' || role === 'mediator' || role === 'clerk';
  return DOCUMENT_KINDS.find((kind) => isAllowed(role, writeActionOf(kind)) || (staff && isAllowed(role, readActionOf(kind)))) ?? 'minutes';
}

// ---------------------------------------------------------------------------------------------
// The asynchronous trial: a case per dispute stage whose rounds a presiding role runs (the judge
// in trial, the arbitrator in arbitration, the mediator in mediation), each in async mode

type TrialStageCase = 'trial' | 'arbitration' | 'mediation';
const RUNS_ROUNDS: Record<TrialStageCase, CaseRole> = { trial: 'judge', arbitration: 'arbitrator', mediation: 'mediator' };
const trialCases = new Map<TrialStageCase, Promise<SeededCase>>();
function trialCase(stage: TrialStageCase): Promise<SeededCase> {
  let seeded = trialCases.get(stage);
  if (seeded === undefined) {
    seeded = (async () => {
      const t = await seedCase(server);
      await must(`move to ${stage}`, t.as.judge.post(`/cases/${t.caseId}/stage`, { stage }));
      for (const party of ['claimant', 'respondent'] as const) await must('consent to async trial', t.as[party].post(`/cases/${t.caseId}/trial/consent`, {}));
      return t;
    })();
    trialCases.set(stage, seeded);
  }
  return seeded;
}

/** The stage whose rounds the role runs, if it runs any (else trial, whose judge runs them). */
const stageRunBy = (role: CaseRole): TrialStageCase => (role === 'arbitrator' ? 'arbitration' : role === 'mediator' ? 'mediation' : 'trial');
const ANSWERING: readonly CaseRole[] = ['claimant', 'respondent', 'counsel', 'witness'];

/** A fresh round, opened by the role that runs the stage's rounds, asking `role` to answer when it can. */
async function freshRound(stage: TrialStageCase, role: CaseRole): Promise<{ t: SeededCase; roundId: string; threadId: string }> {
  const t = await trialCase(stage);
  const body = {
    stage: 'investigation',
    questions: [{ text: `Question ${unique()}`, language: 'en' }],
    required: [t.participantIds[ANSWERING.includes(role) ? role : 'claimant']],
    deadline: { at: new Date(Date.now() + 7 * 24 * 3_600_000).toISOString(), timeZone: 'UTC' },
    exchange: 'sealed',
  };
  const round = await must('open a round', t.as[RUNS_ROUNDS[stage]].post(`/cases/${t.caseId}/rounds`, body));
  return { t, roundId: round.id, threadId: round.threads[0].id };
}

/**
 * A case in async trial for the claims probes, with counsel for the respondent beside the seeded
 * counsel (who acts for the claimant): counsel states claims for the claimant's side and answers
 * them for the respondent's, so only the table can refuse either.
 */
let claimsCaseSeeded: Promise<{ t: SeededCase; respondentCounsel: ApiClient }> | undefined;
function claimsCase(): Promise<{ t: SeededCase; respondentCounsel: ApiClient }> {
  claimsCaseSeeded ??= (async () => {
    const t = await seedCase(server);
    await must('move to trial', t.as.judge.post(`/cases/${t.caseId}/stage`, { stage: 'trial' }));
    for (const party of ['claimant', 'respondent'] as const) await must('consent to async trial', t.as[party].post(`/cases/${t.caseId}/trial/consent`, {}));
    const added = await must('add counsel for the respondent', t.as.judge.post(`/cases/${t.caseId}/participants`, { role: 'counsel', side: 'respondent', displayName: 'Counsel for the respondent', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' }));
    const invitation = await must('invite counsel for the respondent', t.as.judge.post(`/cases/${t.caseId}/participants/${added.id}/invitations`, {}));
    return { t, respondentCounsel: await redeem(server, invitation.token) };
  })();
  return claimsCaseSeeded;
}

const OPINION = {
  kind: 'opinion',
  language: 'en',
  opinion: {
    authenticity: { stance: 'accept', reasons: 'the signatures match' },
    legality: { stance: 'accept', reasons: 'obtained lawfully' },
    relevance: { stance: 'dispute', reasons: 'it concerns another shipment' },
  },
};

/**
 * Offers in the main case, set up so that the role's side may act: whatever offer is open is
 * first rejected by the side it was made to, and an offer to answer comes from the other side.
 */
async function clearOpenOffer(s: SeededCase): Promise<void> {
  const { offers, open } = await must('read the offers', s.as.claimant.get(`/cases/${s.caseId}/offers`));
  if (open === undefined) return;
  const made = offers.find((o: any) => o.id === open);
  const answering = made.side === 'claimant' ? 'respondent' : 'claimant';
  await must('reject the open offer', s.as[answering].post(`/cases/${s.caseId}/offers/${open}/reject`, {}));
}

const OFFER = { text: 'Payment of the invoice in two instalments', language: 'en', amount: '40000.00', currency: 'USD' };

// ---------------------------------------------------------------------------------------------
// One probe per action

const PROBES: Record<CaseAction, Probe> = {
  'case.view': (role, s) => rest('GET case', s.as[role].get(`/cases/${s.caseId}`)),

  'case.edit': (role, s) => rest('PATCH case title', s.as[role].call('PATCH', `/cases/${s.caseId}`, { title: `Zhang v. Silva (${unique()})` })),

  'case.changeStage': async (role) => {
    const { seeded, to } = await stageMove();
    return rest(`POST stage ${to}`, seeded.as[role].post(`/cases/${seeded.caseId}/stage`, { stage: to }));
  },

  'case.viewTimeline': (role, s) => rest('GET timeline', s.as[role].get(`/cases/${s.caseId}/timeline`)),

  'participant.view': (role, s) => rest('GET participants', s.as[role].get(`/cases/${s.caseId}/participants`)),

  'participant.add': (role, s) => rest('POST participant (witness)', addWitness(s, role)),

  'participant.remove': async (role, s) => {
    const fresh = await must('add a witness to remove', addWitness(s));
    return rest('DELETE participant', s.as[role].call('DELETE', `/cases/${s.caseId}/participants/${fresh.id}`));
  },

  // Each role sets its own hours, so the ownership rule on top of the table never refuses.
  'participant.setWorkingHours': (role, s) =>
    rest('PUT own working hours', s.as[role].call('PUT', `/cases/${s.caseId}/participants/${s.participantIds[role]}/working-hours`, { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' })),

  'invitation.create': (role, s) => rest('POST invitation', s.as[role].post(`/cases/${s.caseId}/participants/${s.participantIds.witness}/invitations`, {})),

  'invitation.revoke': async (role, s) => {
    const issued = await must('issue an invitation to revoke', s.as.judge.post(`/cases/${s.caseId}/participants/${s.participantIds.witness}/invitations`, {}));
    return rest('DELETE invitation', s.as[role].call('DELETE', `/cases/${s.caseId}/invitations/${issued.invitation.id}`));
  },

  'evidence.file': (role, s) => rest('POST evidence', fileFresh(s.as[role], s.caseId)),

  'evidence.view': (role, s) => rest('GET evidence', s.as[role].get(`/cases/${s.caseId}/evidence`)),

  'evidence.withdraw': async (role, s) => {
    const item = await must(`file evidence as the ${filerFor(role)}`, fileFresh(s.as[filerFor(role)], s.caseId));
    return rest('POST withdrawal', s.as[role].post(`/cases/${s.caseId}/evidence/${item.id}/withdrawal`, { reason: 'filed in error' }));
  },

  'evidence.viewCustody': async (role, s) => {
    const exhibit = await standingExhibit(s);
    return rest('GET custody', s.as[role].get(`/cases/${s.caseId}/evidence/${exhibit}/custody`));
  },

  'ledger.view': (role, s) => rest('GET tree head', s.as[role].get(`/cases/${s.caseId}/ledger/tree-head`)),

  'case.export': (role, s) => rest('GET export', s.as[role].get(`/cases/${s.caseId}/export`)),

  'audit.view': (role, s) => rest('GET audit', s.as[role].get(`/cases/${s.caseId}/audit`)),

  'hearing.schedule': (role, s) =>
    rest('POST hearing', s.as[role].post(`/cases/${s.caseId}/hearings`, { title: `Hearing ${unique()}`, start: new Date().toISOString(), durationMinutes: 60, timeZone: 'UTC' })),

  'hearing.join': async (role, s) => {
    const hearingId = await standingHearing(s);
    return withSocket(s.as[role], async (socket) => acked('hearing:join', await socket.send('hearing:join', { hearingId })));
  },

  'hearing.preside': async (role, s) => {
    const hearingId = await hearingChairedBy(role, s);
    return withSocket(s.as[role], async (socket) => {
      await joinHearing(socket, hearingId);
      return acked('courtroom:command lock', await socket.send('courtroom:command', { action: 'lock', locked: false }));
    });
  },

  'hearing.raiseHand': (role, s) => inHearing(role, s, async (socket) => acked('courtroom:command raiseHand', await socket.send('courtroom:command', { action: 'raiseHand' }))),

  'hearing.requestConsultation': (role, s) =>
    inHearing(role, s, async (socket) =>
      acked('courtroom:command requestConsultation', await socket.send('courtroom:command', { action: 'requestConsultation', with: [], reason: 'to speak with my counsel' })),
    ),

  'hearing.present': async (role, s) => {
    const exhibit = await standingExhibit(s);
    const hearingId = await standingHearing(s);
    return inHearing(role, s, async (socket) => {
      // The court's leave, so that only the table can refuse.
      if (role !== 'judge') await asChair(s.as.judge, hearingId, { action: 'allowPresenting', participantId: s.participantIds[role], allowed: true });
      return acked('courtroom:command presentExhibit', await socket.send('courtroom:command', { action: 'presentExhibit', evidenceId: exhibit }));
    });
  },

  'hearing.viewRecord': async (role, s) => rest('GET hearing record', s.as[role].get(`/cases/${s.caseId}/hearings/${await standingHearing(s)}/record`)),

  // An allowed start is stopped again at once, so the next role does not meet ALREADY_RECORDING.
  'recording.control': (role, s) =>
    inHearing(role, s, async (socket) => {
      const outcome = acked('courtroom:command startRecording', await socket.send('courtroom:command', { action: 'startRecording' }));
      if (outcome === 'allowed') await command(socket, { action: 'stopRecording' });
      return outcome;
    }),

  'recording.view': async (role, s) => rest('GET recordings', s.as[role].get(`/cases/${s.caseId}/hearings/${await standingHearing(s)}/recordings`)),

  'media.send': (role, s) => inHearing(role, s, async (socket) => acked('transport:create send', await socket.send('transport:create', { direction: 'send' }))),

  'media.receive': (role, s) => inHearing(role, s, async (socket) => acked('transport:create recv', await socket.send('transport:create', { direction: 'recv' }))),

  'document.list': (role, s) => rest('GET documents', s.as[role].get(`/cases/${s.caseId}/documents`)),

  'document.create': (role, s) => rest(`POST document (${creatableKind(role)})`, s.as[role].post(`/cases/${s.caseId}/documents`, { kind: creatableKind(role), title: `Opened by ${role}` })),

  'minutes.read': readProbe('minutes'),
  'minutes.write': writeProbe('minutes'),

  'minutes.release': async (role, s) => {
    const minutes = await must('open minutes', s.as.clerk.post(`/cases/${s.caseId}/documents`, { kind: 'minutes', title: `Minutes ${unique()}` }));
    return rest('POST release', s.as[role].post(`/cases/${s.caseId}/documents/${minutes.id}/release`));
  },

  'agreedFacts.read': readProbe('agreedFacts'),
  'agreedFacts.write': writeProbe('agreedFacts'),
  'settlement.read': readProbe('settlement'),
  'settlement.write': writeProbe('settlement'),

  'document.lock': async (role, s) => {
    const documentId = await freshDocument(s, readableKind(role));
    return rest('POST lock', s.as[role].post(`/cases/${s.caseId}/documents/${documentId}/lock`, {}));
  },

  // Locked by a presiding role that reads the kind, naming the role's participant as the signer
  // when the table lets the role sign, so that only the table can refuse.
  'document.sign': async (role, s) => {
    const kind = readableKind(role);
    const documentId = await freshDocument(s, kind);
    const locker: CaseRole = kind === 'settlement' ? 'mediator' : 'judge';
    const signers = isAllowed(role, 'document.sign') ? [s.participantIds[role]] : [];
    await must('lock the document', s.as[locker].post(`/cases/${s.caseId}/documents/${documentId}/lock`, { signers }));
    return rest('POST signature', s.as[role].post(`/cases/${s.caseId}/documents/${documentId}/signatures`, {}));
  },

  'trial.view': (role, s) => rest('GET trial', s.as[role].get(`/cases/${s.caseId}/trial`)),

  // Giving consent again changes nothing, so every allowed role succeeds however often it runs.
  'trial.consent': (role, s) => rest('POST consent', s.as[role].post(`/cases/${s.caseId}/trial/consent`, {})),

  'round.open': async (role) => {
    const t = await trialCase(stageRunBy(role));
    const deadline = { at: new Date(Date.now() + 24 * 3_600_000).toISOString(), timeZone: 'UTC' };
    const body = { stage: 'debate', questions: [{ text: 'Your position?', language: 'en' }], required: [t.participantIds.claimant], deadline, exchange: 'sequential' };
    return rest('POST round', t.as[role].post(`/cases/${t.caseId}/rounds`, body));
  },

  // A witness sees the rounds that question them, so the round asks the role when it answers.
  'round.view': async (role) => {
    const { t, roundId } = await freshRound('trial', role);
    return rest('GET round', t.as[role].get(`/cases/${t.caseId}/rounds/${roundId}`));
  },

  'round.close': async (role) => {
    const { t, roundId } = await freshRound(stageRunBy(role), role);
    return rest('POST close', t.as[role].post(`/cases/${t.caseId}/rounds/${roundId}/close`, {}));
  },

  'round.extend': async (role) => {
    const { t, roundId } = await freshRound(stageRunBy(role), role);
    return rest('POST deadline', t.as[role].post(`/cases/${t.caseId}/rounds/${roundId}/deadline`, { deadline: { addDays: 1 } }));
  },

  'round.requestExtension': async (role) => {
    const { t, roundId } = await freshRound('trial', role);
    return rest('POST extension request', t.as[role].post(`/cases/${t.caseId}/rounds/${roundId}/extension-requests`, { reason: 'documents in transit' }));
  },

  'answer.submit': async (role) => {
    const { t, roundId, threadId } = await freshRound('trial', role);
    return rest('POST answer', t.as[role].post(`/cases/${t.caseId}/rounds/${roundId}/threads/${threadId}/answers`, { text: `Answer by ${role}`, language: 'en' }));
  },

  'crossExamination.view': async (role, s) => rest('GET cross-examination', s.as[role].get(`/cases/${s.caseId}/evidence/${await standingExhibit(s)}/cross-examination`)),

  // Evidence of the other side, so the opposing-side rule on top of the table never refuses.
  'crossExamination.state': async (role) => {
    const t = await trialCase('trial');
    const item = await must('file evidence to examine', fileFresh(t.as[role === 'respondent' ? 'claimant' : 'respondent'], t.caseId));
    return rest('POST opinion', t.as[role].post(`/cases/${t.caseId}/evidence/${item.id}/cross-examination`, OPINION));
  },

  'crossExamination.question': async (role) => {
    const t = await trialCase(stageRunBy(role));
    const body = { kind: 'question', text: `Question ${unique()}: who kept the original?`, language: 'en' };
    return rest('POST question', t.as[role].post(`/cases/${t.caseId}/evidence/${await standingExhibit(t)}/cross-examination`, body));
  },

  'claim.view': (role, s) => rest('GET claims', s.as[role].get(`/cases/${s.caseId}/claims`)),

  'claim.state': async (role) => {
    const { t } = await claimsCase();
    return rest('POST claims', t.as[role].post(`/cases/${t.caseId}/claims`, { claims: [{ text: `Claim ${unique()}`, language: 'en' }] }));
  },

  'claim.answer': async (role) => {
    const { t, respondentCounsel } = await claimsCase();
    const stated = await must('state a claim', t.as.claimant.post(`/cases/${t.caseId}/claims`, { claims: [{ text: `Claim ${unique()}`, language: 'en' }] }));
    const claim = stated.claims[stated.claims.length - 1];
    const client = role === 'counsel' ? respondentCounsel : t.as[role];
    return rest('POST claim answer', client.post(`/cases/${t.caseId}/claims/${claim.id}/answers`, { position: 'admit', language: 'en' }));
  },

  'claim.analyse': (role, s) => rest('GET claims analysis', s.as[role].get(`/cases/${s.caseId}/claims/analysis`)),

  'offer.view': (role, s) => rest('GET offers', s.as[role].get(`/cases/${s.caseId}/offers`)),

  'offer.make': async (role, s) => {
    await clearOpenOffer(s);
    return rest('POST offer', s.as[role].post(`/cases/${s.caseId}/offers`, OFFER));
  },

  'offer.answer': async (role, s) => {
    await clearOpenOffer(s);
    // Made by the side the role is not on, so that the ownership rule never refuses.
    const maker = role === 'claimant' || role === 'counsel' ? 'respondent' : 'claimant';
    const made = await must('make an offer to answer', s.as[maker].post(`/cases/${s.caseId}/offers`, OFFER));
    return rest('POST reject offer', s.as[role].post(`/cases/${s.caseId}/offers/${made.open}/reject`, { reason: 'too little' }));
  },
};

// ---------------------------------------------------------------------------------------------
// The table, cell by cell

test('every action of the table has a probe, and every probe an action', () => {
  expect(Object.keys(PROBES).sort()).toEqual([...ACTIONS].sort());
});

const withArticle = (role: CaseRole) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
const cells = ACTIONS.flatMap((action) =>
  CASE_ROLES.map((role) => ({ action, role, who: withArticle(role), expected: (isAllowed(role, action) ? 'allowed' : 'denied') as Outcome })),
);

describe('every entry point asks the permission table', () => {
  test.each(cells)('$action by $who is $expected', async ({ action, role, expected }) => {
    const probe = PROBES[action];
    if (probe === undefined) throw new Error(`no probe for ${action}: add one to PROBES`);
    expect(await probe(role, main)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Strangers, removed participants, and the audit log

async function actorOf(client: ApiClient): Promise<string> {
  const me = await must('who am I', client.get('/me'));
  return me.kind === 'staff' ? `account:${me.accountId}` : `participant:${me.participantId}`;
}

async function auditOf(seeded: SeededCase): Promise<any[]> {
  return (await must('read the audit log', seeded.as.judge.get(`/cases/${seeded.caseId}/audit`))).lines;
}

const STRANGER_READS: ReadonlyArray<[path: string, action: CaseAction]> = [
  ['', 'case.view'],
  ['/timeline', 'case.viewTimeline'],
  ['/participants', 'participant.view'],
  ['/evidence', 'evidence.view'],
  ['/ledger/tree-head', 'ledger.view'],
  ['/export', 'case.export'],
];

describe('a participant of one case is a stranger to another', () => {
  test.each(['judge', 'claimant'] as const)('a %s of case A is refused every door of case B with NOT_A_CASE_PARTICIPANT, and each refusal is on B’s audit log', async (role) => {
    const stranger = main.as[role];
    const actor = await actorOf(stranger);
    for (const [path] of STRANGER_READS) {
      const response = await stranger.get(`/cases/${other.caseId}${path}`);
      expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 403, code: 'NOT_A_CASE_PARTICIPANT' });
    }
    const otherHearing = await standingHearing(other);
    const ack = await withSocket(stranger, (socket) => socket.send('hearing:join', { hearingId: otherHearing }));
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_A_CASE_PARTICIPANT' } });

    const denials = (await auditOf(other)).filter((line) => line.actor === actor && line.outcome === 'denied');
    const expected = [...STRANGER_READS.map(([, action]) => ({ action, via: 'rest' })), { action: 'hearing.join', via: 'socket' }];
    for (const { action, via } of expected) {
      expect(denials).toContainEqual(
        expect.objectContaining({ action, via, caseId: other.caseId, actor, outcome: 'denied', code: 'NOT_A_CASE_PARTICIPANT', ip: expect.stringMatching(/\S/) }),
      );
    }
  });
});

describe('a removed participant', () => {
  async function invitedWitness(seeded: SeededCase): Promise<{ client: ApiClient; participantId: string }> {
    const added = await must('add a witness', addWitness(seeded));
    const issued = await must('invite the witness', seeded.as.judge.post(`/cases/${seeded.caseId}/participants/${added.id}/invitations`, {}));
    return { client: await redeem(server, issued.token), participantId: added.id };
  }

  test('loses access at once: REST answers 401 UNAUTHENTICATED and the socket connection is refused', async () => {
    const { client, participantId } = await invitedWitness(main);
    expect((await client.get(`/cases/${main.caseId}`)).status).toBe(200);
    await hangUp(await connectAs(client));

    await must('remove the witness', main.as.judge.call('DELETE', `/cases/${main.caseId}/participants/${participantId}`));

    const after = await client.get(`/cases/${main.caseId}`);
    expect({ status: after.status, code: after.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    await expect(connectAs(client)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });

  test('a socket opened before the removal can no longer join the hearing', async () => {
    const { client, participantId } = await invitedWitness(main);
    await withSocket(client, async (socket) => {
      await must('remove the witness', main.as.judge.call('DELETE', `/cases/${main.caseId}/participants/${participantId}`));
      expect(await socket.send('hearing:join', { hearingId: await standingHearing(main) })).toMatchObject({ ok: false, error: { code: 'NOT_A_CASE_PARTICIPANT' } });
    });
  });

  // Removal ends a participant's sessions "at once" (the route's contract), so one already in the
  // hearing must not keep sending: the server either lets the socket go or refuses its requests.
  test('one already in the hearing is let go: their socket is disconnected or its media requests refused', async () => {
    const { client, participantId } = await invitedWitness(main);
    await withSocket(client, async (socket) => {
      const hearingId = await standingHearing(main);
      await asChair(main.as.judge, hearingId, { action: 'preAdmit', participantIds: [participantId] });
      await joinHearing(socket, hearingId);
      await must('remove the witness', main.as.judge.call('DELETE', `/cases/${main.caseId}/participants/${participantId}`));
      const letGo = await waitFor(() => !socket.socket.connected, 'the removed participant to be disconnected', 2_000).catch(() => false);
      if (letGo) return;
      const ack = await socket.send('transport:create', { direction: 'send' });
      expect({ stillSending: ack.ok }).toEqual({ stillSending: false });
    });
  });
});

describe('the audit log', () => {
  test('a refusal by the table is on the case’s audit log with the role, the code, the actor and an address', async () => {
    const actor = await actorOf(main.as.observer);
    expect(await PROBES['audit.view']('observer', main)).toBe('denied');
    expect(await PROBES['evidence.viewCustody']('witness', main)).toBe('denied');
    const witness = await actorOf(main.as.witness);
    const lines = await auditOf(main);
    expect(lines).toContainEqual(
      expect.objectContaining({ action: 'audit.view', caseId: main.caseId, actor, role: 'observer', outcome: 'denied', code: 'FORBIDDEN', via: 'rest', ip: expect.stringMatching(/\S/) }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ action: 'evidence.viewCustody', caseId: main.caseId, actor: witness, role: 'witness', outcome: 'denied', code: 'FORBIDDEN', via: 'rest', ip: expect.stringMatching(/\S/) }),
    );
  });
});
