// The presiding side is sent only the people who changed when nothing else in its view did. The
// rule: the judge's page, applying what it is sent to the view it holds, always has the view the
// server would have sent whole — through arrivals, departures, returns and every other change.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { Courtroom, type Arrival } from '../../../server/domain/hearing/Courtroom.js';
import { courtroomViewFor, type CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { presidingSnapshot, presidingUpdate, withPeopleChanged, type PresidingSnapshot } from '../../../server/domain/hearing/presidingPeople.js';

const HEARING = { caseId: 'case-1', floorLanguage: 'en' };
let now = 0;
let ids = 0;

const arrival = (participantId: string, role: CaseRole = 'observer'): Arrival => ({ participantId, displayName: `The ${participantId}`, role, locale: 'en-GB', timeZone: 'Asia/Shanghai' });
const newCourtroom = () => new Courtroom({ hearingId: 'hearing-1', phase: 'inSession', presidingId: 'judge', reconnectWindowMs: 30_000, now: () => now, newId: () => `id-${++ids}` });

/** The judge's page: the view it holds, kept up by what the server sends it. */
class JudgePage {
  held: CourtroomView | undefined;
  sent: PresidingSnapshot | undefined;
  readonly received: string[] = [];

  constructor(readonly room: Courtroom) {}

  /** One round of the presiding side's views. */
  round(): void {
    const view = courtroomViewFor(this.room, 'judge', HEARING)!;
    const snapshot = presidingSnapshot(view);
    const update = presidingUpdate(this.sent, snapshot, view);
    this.received.push(update.kind);
    if (update.kind === 'none') return;
    this.sent = snapshot;
    // What goes over the wire is JSON: the page gets copies.
    if (update.kind === 'view') this.held = JSON.parse(JSON.stringify(view)) as CourtroomView;
    else this.held = withPeopleChanged(this.held!, JSON.parse(JSON.stringify(update.change)));
  }
}

function judgeWithLobbyOf(count: number): JudgePage {
  const room = newCourtroom();
  room.arrive(arrival('judge', 'judge'));
  for (let i = 1; i <= count; i++) room.arrive(arrival(`waiting-${i}`));
  const page = new JudgePage(room);
  page.round();
  return page;
}

test('a new arrival in a crowded lobby is sent to the judge as that one person, and the page shows the whole lobby', () => {
  const page = judgeWithLobbyOf(50);
  page.room.arrive(arrival('late'));
  const view = courtroomViewFor(page.room, 'judge', HEARING)!;
  const update = presidingUpdate(page.sent, presidingSnapshot(view), view);
  expect(update).toEqual({ kind: 'people', change: { hearingId: 'hearing-1', changed: [expect.objectContaining({ participantId: 'late', seat: 'lobby' })], gone: [] } });
  page.round();
  expect(page.held).toEqual(courtroomViewFor(page.room, 'judge', HEARING));
  expect(page.held!.participants.map((p) => p.participantId).at(-1)).toBe('late');
});

test('nothing is sent when the judge’s view did not change', () => {
  const page = judgeWithLobbyOf(5);
  page.room.arrive(arrival('press', 'observer'));
  page.room.admit('judge', 'press'); // to the gallery, which the judge counts but does not list
  page.round();
  expect(page.received).toEqual(['view', 'none']);
});

test('a change to anything but the people sends the whole view', () => {
  const page = judgeWithLobbyOf(10);
  page.room.lock('judge', true);
  page.round();
  expect(page.received.at(-1)).toBe('view');
  expect(page.held!.locked).toBe(true);
});

test('when most people changed, the whole view goes instead of a longer list of changes', () => {
  const page = judgeWithLobbyOf(10);
  page.room.admitAll('judge');
  page.round();
  expect(page.received.at(-1)).toBe('view');
  expect(page.held).toEqual(courtroomViewFor(page.room, 'judge', HEARING));
});

test('someone who leaves for good and comes back is shown at the end, as the server lists them', () => {
  const page = judgeWithLobbyOf(10);
  page.room.depart('waiting-3');
  page.round();
  page.room.arrive(arrival('waiting-3'));
  page.round();
  expect(page.received.slice(1)).toEqual(['people', 'people']);
  expect(page.held).toEqual(courtroomViewFor(page.room, 'judge', HEARING));
});

test('through a hearing of many steps the judge’s page always holds the view the server would send whole', () => {
  const page = judgeWithLobbyOf(12);
  const room = page.room;
  const steps: Array<() => unknown> = [
    () => room.admit('judge', 'waiting-1'),
    () => room.arrive(arrival('claimant', 'claimant')),
    () => room.admit('judge', 'claimant'),
    () => room.raiseHand('claimant'),
    () => room.mute('judge', 'claimant', ['microphone']),
    () => room.leave('waiting-2'),
    () => room.arrive(arrival('waiting-2')),
    () => room.deny('judge', 'waiting-4', 'not a party'),
    () => room.arrive(arrival('counsel', 'counsel')),
    () => room.admit('judge', 'counsel'),
    () => room.allowPresenting('judge', 'counsel', true),
    () => room.remove('judge', 'counsel', 'lobby'),
    () => room.grantFloor('judge', 'claimant'),
    () => room.depart('waiting-5'),
    () => room.arrive(arrival('waiting-13')),
  ];
  for (const step of steps) {
    now += 1000;
    step();
    page.round();
    expect(page.held).toEqual(courtroomViewFor(room, 'judge', HEARING));
  }
  expect(page.received).toContain('people');
});
