// Interpretation in one hearing: the floor language and the language channels, the interpreters
// at work (each assigned a language pair on the case record by the court's staff), the direction
// each works into, the source each hears (the floor, or another channel: relay), the booths (the
// interpreters sharing a pair: one active at a time, handing over to each other), the pairs the
// judge switched to consecutive interpretation (for a witness: the interpreter speaks after the
// speaker, on the floor) and what each listener chose to hear. Pure: a command either throws a CourtError (a refusal with a stable
// code) or returns the events it caused. Who hears whose voice follows from this state alone
// (channelRouting.ts); the SFU carries it out.
import { CourtError } from '../CourtError.js';

/** The floor (everyone hears it), or a language channel by its language tag. */
export type Channel = 'floor' | string;

export interface LanguagePairInput {
  readonly from: string;
  readonly to: string;
}

/** An interpreter at work in this hearing. */
export interface InterpreterDesk {
  readonly participantId: string;
  /** The two languages they are assigned (from the case record), in the order assigned. */
  readonly pair: readonly [string, string];
  /** Their booth: every interpreter of the same pair, whichever way round it was assigned. */
  readonly booth: string;
  /** The channel their voice feeds now: one language of their pair. */
  into: string;
  /** What they interpret from: the floor, or another channel (relay). */
  source: Channel;
}

/**
 * How a language pair is interpreted: simultaneously, on its channel for that channel's listeners,
 * or consecutively, after the speaker and on the floor, for everyone in the room.
 */
export type InterpretationMode = 'simultaneous' | 'consecutive';

/** A language pair the presiding side switched to consecutive interpretation. */
export interface ConsecutivePair {
  readonly booth: string;
  /** The pair as the judge named it. */
  readonly pair: readonly [string, string];
  /** The witness it is for, when the judge named one. */
  readonly witness?: string;
}

export interface HandoverOffer {
  readonly from: string;
  readonly to: string;
}

export type InterpretationEvent =
  | { type: 'interpreterEnrolled'; participantId: string; pair: [string, string]; into: string; active: boolean }
  | { type: 'listeningChanged'; participantId: string; channel: Channel }
  | { type: 'directionChanged'; participantId: string; from: string; into: string; by: string }
  | { type: 'sourceChanged'; participantId: string; source: Channel; by: string }
  | { type: 'handoverOffered'; participantId: string; to: string; booth: string; by: string }
  | { type: 'handedOver'; participantId: string; from: string; booth: string; into: string; by: string }
  /** `participantId`: the presiding judge who switched it. */
  | { type: 'modeChanged'; participantId: string; booth: string; pair: [string, string]; mode: InterpretationMode; witness?: string; by: string };

/** What the floor is heard at under a channel's interpreter, unless the listener sets another level. */
export const DEFAULT_FLOOR_VOLUME = 0.2;

/** Language tags compare case-insensitively (BCP 47); they are kept in lower case here. */
export function languageKey(tag: string): string {
  return tag.trim().toLowerCase();
}

/** The booth of a pair: the same whichever way round the pair was assigned. */
export function boothOf(a: string, b: string): string {
  return [languageKey(a), languageKey(b)].sort().join('⇄');
}

export class Interpretation {
  readonly floorLanguage: string;
  readonly #languages = new Set<string>();
  readonly #interpreters = new Map<string, InterpreterDesk>();
  /**
   * What each participant chose to hear. Kept for the life of the live hearing, whatever happens
   * to their seat: a participant who drops and comes back hears what they chose before.
   */
  readonly #listening = new Map<string, Channel>();
  /** The active interpreter of each booth. */
  readonly #active = new Map<string, string>();
  /** A handover the active interpreter offered and the partner has not accepted yet, per booth. */
  readonly #offers = new Map<string, HandoverOffer>();
  /** The booths working consecutively; every other booth works simultaneously. */
  readonly #consecutive = new Map<string, ConsecutivePair>();

  constructor(floorLanguage: string, languages: readonly string[] = []) {
    this.floorLanguage = languageKey(floorLanguage);
    this.addLanguages([floorLanguage, ...languages]);
  }

  /** The case's languages: each has a channel (idempotent). */
  addLanguages(languages: readonly string[]): void {
    for (const language of languages) this.#languages.add(languageKey(language));
  }

  /** Every language channel: the case's languages and those of its interpreters' pairs. */
  languages(): string[] {
    return [...this.#languages];
  }

  interpreter(participantId: string): Readonly<InterpreterDesk> | undefined {
    return this.#interpreters.get(participantId);
  }

  interpreters(): Array<Readonly<InterpreterDesk>> {
    return [...this.#interpreters.values()];
  }

  isActive(participantId: string): boolean {
    const desk = this.#interpreters.get(participantId);
    return desk !== undefined && this.#active.get(desk.booth) === participantId;
  }

  /** The other interpreters of a booth. */
  partnersOf(participantId: string): string[] {
    const desk = this.#interpreters.get(participantId);
    if (desk === undefined) return [];
    return this.interpreters()
      .filter((d) => d.booth === desk.booth && d.participantId !== participantId)
      .map((d) => d.participantId);
  }

  /** The active interpreter of someone's booth. */
  activeOf(participantId: string): string | undefined {
    const desk = this.#interpreters.get(participantId);
    return desk === undefined ? undefined : this.#active.get(desk.booth);
  }

  offerIn(booth: string): HandoverOffer | undefined {
    return this.#offers.get(booth);
  }

  /** How a booth (a language pair) interprets now. */
  modeOf(booth: string): InterpretationMode {
    return this.#consecutive.has(booth) ? 'consecutive' : 'simultaneous';
  }

  /** The pairs working consecutively. */
  consecutivePairs(): ConsecutivePair[] {
    return [...this.#consecutive.values()];
  }

  /** What a participant hears besides the floor: their choice (the floor until they choose). */
  listeningOf(participantId: string): Channel {
    return this.#listening.get(participantId) ?? 'floor';
  }

  /** Everyone who chose a language channel, and which. */
  listeners(): ReadonlyMap<string, Channel> {
    return this.#listening;
  }

  /**
   * An interpreter comes to work with the pair the court assigned them on the case record. They
   * start into the second language of the pair, from the floor; the first of a booth is active.
   * Coming back (a dropped connection) changes nothing.
   */
  enrol(participantId: string, pair: LanguagePairInput): InterpretationEvent[] {
    if (this.#interpreters.has(participantId)) return [];
    const from = languageKey(pair.from);
    const to = languageKey(pair.to);
    if (from === to) throw new CourtError('NOT_YOUR_LANGUAGE_PAIR', 'an interpreter works between two different languages');
    const booth = boothOf(from, to);
    this.addLanguages([from, to]);
    this.#interpreters.set(participantId, { participantId, pair: [from, to], booth, into: to, source: 'floor' });
    // An interpreter hears through their source, not a listener's choice.
    this.#listening.delete(participantId);
    const active = !this.#active.has(booth);
    if (active) this.#active.set(booth, participantId);
    return [{ type: 'interpreterEnrolled', participantId, pair: [from, to], into: to, active }];
  }

  /** A listener chooses the floor or a language channel. */
  listen(participantId: string, channel: Channel): InterpretationEvent[] {
    if (this.#interpreters.has(participantId)) {
      throw new CourtError('INTERPRETERS_CHOOSE_A_SOURCE', 'an interpreter hears their source: choose it with setSource (the floor or a channel to relay)');
    }
    const chosen = channel === 'floor' ? 'floor' : this.#requireChannel(channel);
    if (this.listeningOf(participantId) === chosen) return [];
    if (chosen === 'floor') this.#listening.delete(participantId);
    else this.#listening.set(participantId, chosen);
    return [{ type: 'listeningChanged', participantId, channel: chosen }];
  }

  /** An interpreter turns to work into the other language of their pair (or names it). */
  interpretInto(by: string, language?: string): InterpretationEvent[] {
    const desk = this.#requireInterpreter(by);
    const into = language === undefined ? desk.pair.find((l) => l !== desk.into)! : this.#requireInPair(desk, language);
    if (into === desk.into) return [];
    const from = desk.into;
    desk.into = into;
    const events: InterpretationEvent[] = [{ type: 'directionChanged', participantId: by, from, into, by }];
    // One does not relay the channel one speaks into: back to the floor.
    if (desk.source === into) {
      desk.source = 'floor';
      events.push({ type: 'sourceChanged', participantId: by, source: 'floor', by });
    }
    return events;
  }

  /** An interpreter takes the floor or another channel as their source (relay). */
  setSource(by: string, source: Channel): InterpretationEvent[] {
    const desk = this.#requireInterpreter(by);
    const chosen = source === 'floor' ? 'floor' : this.#requireChannel(source);
    if (chosen === desk.into) throw new CourtError('INVALID_PAYLOAD', `you interpret into ${desk.into}: relay another channel, or take the floor`);
    if (chosen === desk.source) return [];
    desk.source = chosen;
    return [{ type: 'sourceChanged', participantId: by, source: chosen, by }];
  }

  /**
   * The presiding side switches a language pair to consecutive interpretation (for a witness: the
   * booth's active interpreter then speaks after the speaker, on the floor, and everyone hears
   * them) or back to simultaneous (their voice on the channel, for its listeners). Whoever else
   * asks is refused; switching to the mode in force changes nothing.
   */
  setMode(by: string, presiding: boolean, pair: readonly [string, string], mode: InterpretationMode, witness?: string): InterpretationEvent[] {
    if (!presiding) throw new CourtError('NOT_PRESIDING', 'only the presiding judge switches a language pair between simultaneous and consecutive interpretation');
    const languages: [string, string] = [this.#requireChannel(pair[0]), this.#requireChannel(pair[1])];
    if (languages[0] === languages[1]) throw new CourtError('INVALID_PAYLOAD', 'a language pair is two different languages, e.g. ["zh", "en"]');
    const booth = boothOf(...languages);
    const current = this.#consecutive.get(booth);
    if (mode === 'simultaneous') {
      if (current === undefined) return [];
      this.#consecutive.delete(booth);
    } else {
      if (current !== undefined && current.witness === witness) return [];
      this.#consecutive.set(booth, { booth, pair: languages, ...(witness === undefined ? {} : { witness }) });
    }
    return [{ type: 'modeChanged', participantId: by, booth, pair: languages, mode, ...(witness === undefined || mode === 'simultaneous' ? {} : { witness }), by }];
  }

  /** The active interpreter hands the booth to a partner at once; the channel carries on into the same language. */
  handOver(by: string, to?: string): InterpretationEvent[] {
    const desk = this.#requireActive(by);
    const partner = this.#partnerFor(desk, to);
    return this.#handTo(desk, partner, by);
  }

  /** The active interpreter offers the booth to a partner, who takes it with acceptHandover. */
  offerHandover(by: string, to?: string): InterpretationEvent[] {
    const desk = this.#requireActive(by);
    const partner = this.#partnerFor(desk, to);
    this.#offers.set(desk.booth, { from: by, to: partner.participantId });
    return [{ type: 'handoverOffered', participantId: by, to: partner.participantId, booth: desk.booth, by }];
  }

  /** The partner offered the booth takes it. */
  acceptHandover(by: string): InterpretationEvent[] {
    const desk = this.#requireInterpreter(by);
    const offer = this.#offers.get(desk.booth);
    if (offer === undefined || offer.to !== by) throw new CourtError('NO_HANDOVER_OFFERED', 'your booth partner has not offered you the booth; ask them to offer it');
    const active = this.#interpreters.get(offer.from)!;
    if (this.#active.get(desk.booth) !== offer.from) {
      this.#offers.delete(desk.booth);
      throw new CourtError('NO_HANDOVER_OFFERED', 'the offer lapsed: the interpreter who made it no longer has the booth');
    }
    return this.#handTo(active, desk, by);
  }

  /**
   * A partner takes the booth when the active interpreter is away (dropped or gone: the caller
   * knows who is connected); otherwise the active one hands it over.
   */
  takeOver(by: string, activeIsAway: boolean): InterpretationEvent[] {
    const desk = this.#requireInterpreter(by);
    const activeId = this.#active.get(desk.booth)!;
    if (activeId === by) return [];
    if (!activeIsAway) throw new CourtError('NOT_ACTIVE_INTERPRETER', 'your booth partner has the booth; ask them to hand it over (offerHandover)');
    return this.#handTo(this.#interpreters.get(activeId)!, desk, by);
  }

  #handTo(from: InterpreterDesk, to: InterpreterDesk, by: string): InterpretationEvent[] {
    this.#active.set(from.booth, to.participantId);
    this.#offers.delete(from.booth);
    // Whoever speaks next speaks into the channel the booth was feeding.
    to.into = from.into;
    if (to.source === to.into) to.source = 'floor';
    return [{ type: 'handedOver', participantId: to.participantId, from: from.participantId, booth: from.booth, into: to.into, by }];
  }

  #requireInterpreter(participantId: string): InterpreterDesk {
    const desk = this.#interpreters.get(participantId);
    if (desk === undefined) throw new CourtError('NOT_AN_INTERPRETER', 'only an interpreter assigned a language pair for this case may do this');
    return desk;
  }

  #requireActive(participantId: string): InterpreterDesk {
    const desk = this.#requireInterpreter(participantId);
    if (this.#active.get(desk.booth) !== participantId) throw new CourtError('NOT_ACTIVE_INTERPRETER', 'your booth partner has the booth; only the active interpreter hands it over');
    return desk;
  }

  #partnerFor(desk: InterpreterDesk, to: string | undefined): InterpreterDesk {
    const partners = this.partnersOf(desk.participantId).map((id) => this.#interpreters.get(id)!);
    const partner = to === undefined ? (partners.length === 1 ? partners[0] : undefined) : partners.find((p) => p.participantId === to);
    if (partner === undefined) {
      throw new CourtError('NO_BOOTH_PARTNER', partners.length === 0 ? 'nobody shares your booth in this hearing' : 'name the booth partner to hand over to');
    }
    return partner;
  }

  #requireInPair(desk: InterpreterDesk, language: string): string {
    const key = languageKey(language);
    if (!desk.pair.includes(key)) throw new CourtError('NOT_YOUR_LANGUAGE_PAIR', `you are assigned ${desk.pair.join(' ⇄ ')}; you cannot interpret into ${language}`);
    return key;
  }

  #requireChannel(language: string): string {
    const key = languageKey(language);
    if (!this.#languages.has(key)) {
      throw new CourtError('UNKNOWN_LANGUAGE_CHANNEL', `this hearing has no ${language} channel; its channels are ${this.languages().join(', ')}`);
    }
    return key;
  }
}
