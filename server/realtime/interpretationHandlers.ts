// interpretation:command — what a participant hears (the floor or a language channel), an
// interpreter's direction, relay source and booth handovers, and the mode of a language pair
// (simultaneous or consecutive: the presiding judge's). The permission table decides who may
// receive media at all (listening), send it (interpreting: observers never) and chair (the mode;
// the hearing then says whether this is its presiding judge); the case record decides who is an
// interpreter (the pair the court assigned them); the interpretation domain decides the rest.
// Every refusal is audited.
import type { CaseAction } from '../domain/access/permissions.js';
import { CourtError } from '../domain/CourtError.js';
import { interpretationCommandSchema, type InterpretationCommand } from '../protocol/hearingRoomSchemas.js';
import type { CaseAccess } from '../record/CaseAccess.js';
import type { SocketEvents } from './handleEvent.js';
import type { JoinedCourtroom } from './hearingRoomHandlers.js';
import type { LanguageChannels } from './LanguageChannels.js';

function actionOf(command: InterpretationCommand): CaseAction {
  if (command.action === 'setMode') return 'hearing.preside';
  return command.action === 'listen' ? 'media.receive' : 'media.send';
}

export function registerInterpretationCommands(events: SocketEvents, joined: JoinedCourtroom, channels: LanguageChannels, access: CaseAccess): void {
  events.on('interpretation:command', interpretationCommandSchema, async (socket, command) => {
    const { live, member } = await joined(socket);
    const caseId = live.hearing.caseId;
    await access.requireRole(socket.data.principal, caseId, member.role, actionOf(command), socket.data.origin);
    try {
      await channels.command(live, member.participantId, command);
    } catch (error) {
      if (error instanceof CourtError) await access.noteDenied(socket.data.principal, caseId, member.role, `interpretation.${command.action}`, socket.data.origin, error.code, live.hearing.id);
      throw error;
    }
    return { done: true as const };
  });
}
