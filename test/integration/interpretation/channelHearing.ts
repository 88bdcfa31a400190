// A hearing with language channels against the real worker: people with real WebRTC media who
// choose what they hear, interpreters who speak on a channel, and what the SFU holds (which
// consumers of which producer exist on the server, for whom).
import type { types } from '../../../media/mediasoup.js';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { HearingRecordLine } from '../../../server/record/Hearings.js';
import type { InterpretationCommand } from '../../../server/protocol/hearingRoomSchemas.js';
import { followCourtroom, startTestCourt, waitFor, watchConsumers } from '../../helpers/courtHarness.js';
import { HearingCase } from '../../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../../helpers/nodeMediaClient.js';

type Role = 'claimant' | 'respondent' | 'counsel' | 'witness' | 'interpreter' | 'observer';
type RtpStat = { type: string; packetCount?: number };

export type Person = NodeMediaParticipant & { name: string; view(): CourtroomView };

/** What a refused command acknowledges, by its code. */
export const REFUSED = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

/**
 * The hooks every language-channel suite shares: one court on one media worker for the file,
 * its consumers watched, and a fresh hearing (of a new case, Judge Li presiding) for each test,
 * closed after it. The suite's variables are set through `hearing` and `court`.
 */
export function channelHearingSuite(hearing: (fresh: ChannelHearing) => void, court: (started: RunningCourtServer) => void = () => {}): void {
  let started: RunningCourtServer;
  let consumers: Set<types.Consumer>;
  let current: ChannelHearing;
  beforeAll(async () => {
    started = await startTestCourt({ MEDIA_WORKERS: '1' });
    consumers = watchConsumers(started);
    court(started);
  });
  beforeEach(async () => {
    current = new ChannelHearing(started, await HearingCase.open(started, 'Judge Li'), consumers);
    hearing(current);
  });
  afterEach(() => current.close());
  afterAll(async () => {
    await started.close();
  });
}

export class ChannelHearing {
  readonly court: RunningCourtServer;
  readonly hearing: HearingCase;
  readonly #consumers: Set<types.Consumer>;
  readonly #people: Person[] = [];

  constructor(court: RunningCourtServer, hearing: HearingCase, consumers: Set<types.Consumer>) {
    this.court = court;
    this.hearing = hearing;
    this.#consumers = consumers;
  }

  /** Someone with media, admitted by the judge; an interpreter is assigned `languagePair` (zh → en by default). */
  async join(name: string, role: Role | 'judge' = 'claimant', options: { languagePair?: { from: string; to: string }; receiveOnly?: boolean } = {}): Promise<Person> {
    const token = role === 'judge' ? await this.hearing.judgePass() : (await this.hearing.participant(name, role, options.languagePair ? { languagePair: options.languagePair } : {})).token;
    const participant = await NodeMediaParticipant.join(this.court.url, token, this.hearing.hearingId, {
      ...this.hearing.admitting,
      ...(options.receiveOnly ? { receiveOnly: true } : {}),
    });
    let view = participant.courtroom;
    followCourtroom(participant.signalling.socket, (shown) => (view = shown))(view);
    const person = Object.assign(participant, { name, view: () => view });
    this.#people.push(person);
    return person;
  }

  close(): void {
    for (const person of this.#people.splice(0)) person.close();
  }

  /** Closes one person's connection and media (they may come back as someone new). */
  drop(person: Person): void {
    this.#people.splice(this.#people.indexOf(person), 1);
    person.close();
  }

  command(person: Person, payload: InterpretationCommand) {
    return person.signalling.request('interpretation:command', payload);
  }

  refusal(person: Person, payload: unknown) {
    return person.signalling.send('interpretation:command', payload);
  }

  /** Chooses a channel and waits until the server's view shows it. */
  async listen(person: Person, channel: string): Promise<void> {
    await this.command(person, { action: 'listen', channel });
    await waitFor(() => person.view().you.listening === channel, `${person.name}'s view to show ${channel}`);
  }

  /** The interpreter's voice producer as the SFU holds it. */
  voiceOf(interpreter: Person): string {
    const producer = this.room().producerIdFor(interpreter.participantId, 'interpretation');
    if (producer === undefined) throw new Error(`${interpreter.name} sends no interpretation`);
    return producer;
  }

  room() {
    const room = this.court.rooms.get(this.hearing.hearingId);
    if (!room) throw new Error('the hearing room is not open');
    return room;
  }

  /** Who holds an open consumer of this producer on the server (recording taps aside). */
  consumersOnServer(producerId: string): string[] {
    return [...this.#consumers]
      .filter((c) => !c.closed && c.producerId === producerId && typeof c.appData.participantId === 'string')
      .map((c) => c.appData.participantId as string)
      .sort();
  }

  namesOf(participantIds: string[]): string[] {
    return participantIds.map((id) => this.#people.find((p) => p.participantId === id)?.name ?? id).sort();
  }

  /** Each person consumes every producer they are offered and do not consume yet, as a browser does. */
  async consumeOffered(...people: Person[]): Promise<void> {
    for (const person of people) {
      const consuming = new Set([...person.consumers.values()].filter((c) => !c.closed).map((c) => c.producerId));
      for (const producer of person.offeredProducers().values()) {
        if (producer.participantId === person.participantId || consuming.has(producer.producerId)) continue;
        await person.consume(producer.producerId);
      }
    }
  }

  /** Whether the SFU forwards RTP of this producer to the person: the server's packet count grows. */
  async hears(person: Person, producerId: string): Promise<boolean> {
    const consumer = [...person.consumers.values()].find((c) => !c.closed && c.producerId === producerId);
    if (consumer === undefined) return false;
    const packets = async () => {
      const { consumers } = await person.signalling.request('media:stats', {});
      const stats = (consumers.find((c) => c.consumerId === consumer.id)?.stats ?? []) as RtpStat[];
      return stats.find((s) => s.type === 'outbound-rtp')?.packetCount ?? 0;
    };
    const first = await waitFor(packets, `packets of ${producerId} to ${person.name}`, 15_000).catch(() => 0);
    if (first === 0) return false;
    await new Promise((r) => setTimeout(r, 500));
    return (await packets()) > first;
  }

  async record(): Promise<HearingRecordLine[]> {
    const response = await fetch(`${this.court.url}/api/cases/${this.hearing.caseId}/hearings/${this.hearing.hearingId}/record`, {
      headers: { authorization: `Bearer ${await this.hearing.judgePass()}` },
    });
    return ((await response.json()) as { lines: HearingRecordLine[] }).lines;
  }
}

/** Waits until the producer is (or is no longer) among those offered to the person. */
export async function offeredOrNot(person: Person, producerId: string, offered: boolean): Promise<void> {
  await waitFor(() => person.offeredProducers().has(producerId) === offered, `${producerId} ${offered ? '' : 'no longer '}offered to ${person.name}`);
}
