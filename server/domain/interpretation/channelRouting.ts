// Who hears an interpreter's voice: the rule the SFU carries out (a consumer of an interpreter's
// channel producer exists only for someone this allows). The floor is not routed here: everyone
// hears it. In consecutive mode the booth's active interpreter speaks on the floor and is routed
// like it: to everyone. Rooms are not routed here either: the media layer never lets a voice cross from one room of the
// hearing (the main room, a consultation) into another, whatever this says.
import type { Interpretation } from './Interpretation.js';

/** The channel an interpreter's voice feeds now and the people who hear it. */
export interface ChannelAudience {
  /** The language channel the voice feeds (for an inactive booth partner: none but the booth). */
  language: string;
  /** Whether the voice reaches the channel's listeners (the booth's active interpreter). */
  onChannel: boolean;
  /**
   * Consecutive interpretation: the voice is on the floor, heard by everyone in the interpreter's
   * room (as floor audio is) and not only by `listeners`.
   */
  onFloor: boolean;
  listeners: ReadonlySet<string>;
}

/**
 * An interpreter is heard by their booth partners (the private booth channel) and, while active,
 * by the listeners of the channel they interpret into and the interpreters relaying that channel;
 * while their pair works consecutively, by everyone.
 */
export function audienceOf(interpretation: Interpretation, interpreterId: string): ChannelAudience {
  const desk = interpretation.interpreter(interpreterId);
  if (desk === undefined) return { language: '', onChannel: false, onFloor: false, listeners: new Set() };
  const listeners = new Set(interpretation.partnersOf(interpreterId));
  const onChannel = interpretation.isActive(interpreterId);
  if (onChannel) {
    for (const [participantId, channel] of interpretation.listeners()) if (channel === desk.into) listeners.add(participantId);
    for (const other of interpretation.interpreters()) if (other.source === desk.into) listeners.add(other.participantId);
  }
  listeners.delete(interpreterId);
  const onFloor = onChannel && interpretation.modeOf(desk.booth) === 'consecutive';
  return { language: desk.into, onChannel, onFloor, listeners };
}

/** Every interpreter's audience, by interpreter. */
export function channelAudiences(interpretation: Interpretation): Map<string, ChannelAudience> {
  return new Map(interpretation.interpreters().map((desk) => [desk.participantId, audienceOf(interpretation, desk.participantId)]));
}

/** Whether a participant may receive an interpreter's voice. */
export function mayHearInterpreter(interpretation: Interpretation, listenerId: string, interpreterId: string): boolean {
  const audience = audienceOf(interpretation, interpreterId);
  return audience.listeners.has(listenerId) || (audience.onFloor && listenerId !== interpreterId);
}
