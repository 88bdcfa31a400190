// The presiding side's view lists everyone in the hearing but the public gallery, the lobby
// included: a thousand people waiting at the start of a public hearing. Sent whole at every
// change, that list would be most of what the server writes, and the judge's page reads, while a
// crowd arrives. So when nothing but people changed since the presiding viewer's last view, they
// are sent only the people who changed (courtroom:people), and their page applies that to the
// view it holds (withPeopleChanged): the result is the view they would have been sent whole.
import type { AttendeeView, CourtroomView } from './courtroomView.js';

/** A presiding view as it is compared with the next: everything but its people, and each person. */
export interface PresidingSnapshot {
  readonly rest: string;
  /** Each person's description, encoded, in the view's order. */
  readonly people: ReadonlyMap<string, string>;
}

/** The people of a presiding view that changed since the last one its viewer was sent. */
export interface PeopleChange {
  hearingId: string;
  /** Changed people (in place) and new people (added at the end, in this order). */
  changed: AttendeeView[];
  /** People no longer shown. */
  gone: string[];
}

/** What a presiding viewer is to be sent: nothing, their whole view, or the people who changed. */
export type PresidingUpdate = { kind: 'none' } | { kind: 'view' } | { kind: 'people'; change: PeopleChange };

/** Told apart from a view's fingerprint (courtroomView.ts), which a server may keep in its place. */
export function isPresidingSnapshot(sent: object): sent is PresidingSnapshot {
  return 'people' in sent;
}

export function presidingSnapshot(view: CourtroomView): PresidingSnapshot {
  const { participants, ...rest } = view;
  const people = new Map<string, string>();
  for (const person of participants) people.set(person.participantId, JSON.stringify(person));
  return { rest: JSON.stringify(rest), people };
}

/**
 * What takes a presiding viewer from the view they were last sent (`last`) to `view` (whose
 * snapshot is `now`): their whole view when anything but the people changed, when the people's
 * order changed otherwise than by leaving and arriving at the end, or when most of them changed
 * (a list of changes would be no smaller).
 */
export function presidingUpdate(last: PresidingSnapshot | undefined, now: PresidingSnapshot, view: CourtroomView): PresidingUpdate {
  if (last === undefined || last.rest !== now.rest) return { kind: 'view' };
  const gone: string[] = [];
  const kept: string[] = [];
  for (const id of last.people.keys()) (now.people.has(id) ? kept : gone).push(id);
  const changed: AttendeeView[] = [];
  for (let i = 0; i < view.participants.length; i++) {
    const person = view.participants[i]!;
    const id = person.participantId;
    // The page keeps its people in their places and adds the new ones at the end.
    if (i < kept.length ? kept[i] !== id : last.people.has(id)) return { kind: 'view' };
    if (last.people.get(id) !== now.people.get(id)) changed.push(person);
  }
  if (changed.length === 0 && gone.length === 0) return { kind: 'none' };
  if (2 * (changed.length + gone.length) > view.participants.length) return { kind: 'view' };
  return { kind: 'people', change: { hearingId: view.hearingId, changed, gone } };
}

/** The presiding view a page holds with the people who changed applied to it. */
export function withPeopleChanged(view: CourtroomView, change: PeopleChange): CourtroomView {
  const gone = new Set(change.gone);
  const changed = new Map(change.changed.map((person) => [person.participantId, person]));
  const participants: AttendeeView[] = [];
  for (const person of view.participants) {
    if (gone.has(person.participantId)) continue;
    participants.push(changed.get(person.participantId) ?? person);
    changed.delete(person.participantId);
  }
  participants.push(...changed.values());
  return { ...view, participants };
}
