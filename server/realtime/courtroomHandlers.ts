// courtroom:command — everything a participant asks of the courtroom. The permission table
// decides who may chair, raise a hand or ask for a consultation at all; the courtroom then
// decides by the hearing's own state (is this the presiding judge? is the person in the lobby?).
// Every refusal is audited; every change goes through Courtrooms.apply.
import type { CaseAction } from '../domain/access/permissions.js';
import { CourtError } from '../domain/CourtError.js';
import type { CourtroomEvent } from '../domain/hearing/Courtroom.js';
import type { CourtroomCommand } from '../protocol/hearingRoomSchemas.js';
import { courtroomCommandSchema } from '../protocol/hearingRoomSchemas.js';
import type { CaseAccess } from '../record/CaseAccess.js';
import type { EvidenceLocker } from '../record/EvidenceLocker.js';
import type { Courtrooms, LiveHearing } from './Courtrooms.js';
import type { SocketEvents } from './handleEvent.js';
import type { JoinedCourtroom } from './hearingRoomHandlers.js';

/** The table's action each command needs before the courtroom looks at it. */
function actionOf(command: CourtroomCommand): CaseAction | undefined {
  switch (command.action) {
    case 'raiseHand':
      return 'hearing.raiseHand';
    case 'lowerHand':
      return command.participantId === undefined ? 'hearing.raiseHand' : 'hearing.preside';
    case 'requestConsultation':
      return 'hearing.requestConsultation';
    case 'confirmOath':
      return undefined;
    case 'presentExhibit':
    case 'turnPage':
    case 'stopPresenting':
      return 'hearing.present';
    case 'startRecording':
    case 'stopRecording':
      return 'recording.control';
    default:
      return 'hearing.preside';
  }
}

/** What the record knows of an exhibit about to be shown (looked up before the courtroom acts). */
interface Exhibit {
  evidenceId: string;
  title: string;
  mediaType: string;
}

function carryOut(live: LiveHearing, me: string, command: CourtroomCommand, exhibit?: Exhibit): { events: CourtroomEvent[]; roomId?: string } {
  const room = live.courtroom;
  switch (command.action) {
    case 'movePhase':
      return { events: room.movePhase(me, command.phase) };
    case 'delegate':
      return { events: room.delegate(me, command.participantId) };
    case 'admit':
      return { events: room.admit(me, command.participantId) };
    case 'admitAll':
      return { events: room.admitAll(me) };
    case 'preAdmit':
      return { events: room.preAdmit(me, command.participantIds) };
    case 'deny':
      return { events: room.deny(me, command.participantId, command.reason) };
    case 'remove':
      return { events: room.remove(me, command.participantId, command.to) };
    case 'lock':
      return { events: room.lock(me, command.locked) };
    case 'mute':
      return { events: room.mute(me, command.participantId, command.sources) };
    case 'unmute':
      return { events: room.unmute(me, command.participantId, command.sources) };
    case 'muteAllExcept':
      return { events: room.muteAllExcept(me, command.keep) };
    case 'requestCamera':
      return { events: room.requestCamera(me, command.participantId) };
    case 'raiseHand':
      return { events: room.raiseHand(me) };
    case 'lowerHand':
      return { events: room.lowerHand(me, command.participantId ?? me) };
    case 'grantFloor':
      return { events: room.grantFloor(me, command.participantId) };
    case 'revokeFloor':
      return { events: room.revokeFloor(me) };
    case 'setFloorMode':
      return { events: room.setFloorMode(me, command.mode) };
    case 'openConsultation':
      return room.openConsultation(me, command.name, command.members);
    case 'moveTo':
      return { events: room.moveTo(me, command.participantId, command.to as 'main' | `consultation:${string}`) };
    case 'closeConsultation':
      return { events: room.closeConsultation(me, command.roomId) };
    case 'callEveryoneBack':
      return { events: room.callEveryoneBack(me) };
    case 'requestConsultation':
      return { events: room.requestConsultation(me, command.with, command.reason) };
    case 'approveConsultation':
      return room.approveConsultation(me, command.requestId, command.name);
    case 'declineConsultation':
      return { events: room.declineConsultation(me, command.requestId, command.reason) };
    case 'callOath':
      return { events: room.callOath(me, command.participantId, command.texts, live.floorLanguage) };
    case 'confirmOath':
      return { events: room.confirmOath(me, command.oathId) };
    case 'allowPresenting':
      return { events: room.allowPresenting(me, command.participantId, command.allowed) };
    case 'presentExhibit':
      return { events: room.presentExhibit(me, exhibit!, command.page) };
    case 'turnPage':
      return { events: room.turnPage(me, command.page) };
    case 'stopPresenting':
      return { events: room.stopPresenting(me) };
    case 'startRecording':
      return { events: room.startRecording(me) };
    case 'stopRecording':
      return { events: room.stopRecording(me) };
  }
}

export function registerCourtroomCommands(events: SocketEvents, joined: JoinedCourtroom, courtrooms: Courtrooms, access: CaseAccess, evidence: EvidenceLocker): void {
  events.on('courtroom:command', courtroomCommandSchema, async (socket, command) => {
    const { live, member } = await joined(socket);
    const caseId = live.hearing.caseId;
    const action = actionOf(command);
    if (action !== undefined) await access.requireRole(socket.data.principal, caseId, member.role, action, socket.data.origin);
    let outcome: { events: CourtroomEvent[]; roomId?: string };
    try {
      // An exhibit must be the case's and not withdrawn before anyone is shown it.
      if (command.action === 'presentExhibit' && !live.courtroom.mayPresent(member.participantId)) {
        throw new CourtError('NOT_PRESENTER', 'the judge has not allowed you to present; ask the court');
      }
      const exhibit =
        command.action === 'presentExhibit' ? await evidence.present(socket.data.principal, caseId, command.evidenceId, live.hearing.id, socket.data.origin) : undefined;
      // Refused before the courtroom shows everyone a recording that could not run.
      if (command.action === 'startRecording') courtrooms.requireRecorder();
      outcome = carryOut(live, member.participantId, command, exhibit && { evidenceId: exhibit.id, title: exhibit.title, mediaType: exhibit.mediaType });
    } catch (error) {
      if (error instanceof CourtError) await access.noteDenied(socket.data.principal, caseId, member.role, `courtroom.${command.action}`, socket.data.origin, error.code, live.hearing.id);
      throw error;
    }
    await courtrooms.apply(live, outcome.events);
    const recording = outcome.events.find((e): e is Extract<CourtroomEvent, { recordingId: string }> => e.type === 'recordingStarted' || e.type === 'recordingStopped');
    return {
      done: true as const,
      ...(outcome.roomId === undefined ? {} : { roomId: outcome.roomId }),
      ...(recording === undefined ? {} : { recordingId: recording.recordingId }),
    };
  });
}
