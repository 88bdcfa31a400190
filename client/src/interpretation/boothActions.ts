// What an interpreter's console offers, read from their desk as the server last showed it: the
// handover actions the booth's state allows, and the sources they may take. The server decides
// again (a refusal is shown with its code); this only spares buttons that could not work.
import type { InterpreterConsoleView } from '../../../server/domain/hearing/courtroomView.js';

export type BoothAction = 'handOver' | 'offerHandover' | 'acceptHandover' | 'takeOver';

/**
 * The active interpreter hands over (at once, or by an offer the partner accepts); the partner
 * offered the booth accepts it; a partner whose active colleague is away (dropped, gone) takes over.
 */
export function boothActions(desk: InterpreterConsoleView, connected: (participantId: string) => boolean): BoothAction[] {
  if (desk.partners.length === 0) return [];
  const offer = desk.handoverOffer;
  if (desk.active) return offer === null ? ['handOver', 'offerHandover'] : ['handOver'];
  const actions: BoothAction[] = [];
  if (offer !== null && offer.to === desk.participantId) actions.push('acceptHandover');
  const active = activePartnerOf(desk);
  if (active === undefined || !connected(active)) actions.push('takeOver');
  return actions;
}

/**
 * The partner who has the booth when we do not: the one who offered it to us, or the only
 * partner (a booth is two people; with more, the console cannot tell which is active).
 */
export function activePartnerOf(desk: InterpreterConsoleView): string | undefined {
  if (desk.active) return undefined;
  if (desk.handoverOffer !== null) return desk.handoverOffer.from;
  return desk.partners.length === 1 ? desk.partners[0] : undefined;
}

/** The sources an interpreter may take: the floor, or any channel but the one they speak into (relay). */
export function sourceChoices(desk: Pick<InterpreterConsoleView, 'into'>, languages: readonly string[]): string[] {
  return ['floor', ...languages.filter((language) => language !== desk.into)];
}

/** The language a one-click switch turns to: the other one of the pair. */
export function otherDirection(desk: Pick<InterpreterConsoleView, 'pair' | 'into'>): string {
  return desk.pair[0] === desk.into ? desk.pair[1] : desk.pair[0];
}
