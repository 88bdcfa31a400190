// Cases, their participants, invitations, timeline and audit log.
import type { Request } from 'express';
import {
  addParticipantBody,
  auditView,
  caseListView,
  caseView,
  caseWithYouView,
  createCaseBody,
  idParams,
  invitationListView,
  inviteBody,
  issuedInvitationView,
  participantListView,
  participantView,
  stageBody,
  timelineView,
  updateCaseBody,
  invitationView,
  workingHoursBody,
} from '../../protocol/caseRecordSchemas.js';
import type { Court } from '../../record/Court.js';
import { route } from './apiRoute.js';
import { caseWithYou } from './views.js';

const HOUR = 3600;

export function caseRoutes(court: Court, publicUrl: string | undefined) {
  const invitationUrl = (req: Request, token: string) => `${publicUrl ?? `${req.protocol}://${req.get('host')}`}/court.html#/invitation/${token}`;
  return [
    route({
      method: 'get',
      path: '/cases',
      operationId: 'listCases',
      summary: 'The cases you take part in',
      tag: 'cases',
      auth: true,
      success: { status: 200, description: 'your cases', schema: caseListView },
      errors: [],
      async handle({ principal }) {
        return { cases: (await court.cases.casesOf(principal)).map(caseWithYou) };
      },
    }),
    route({
      method: 'post',
      path: '/cases',
      operationId: 'createCase',
      summary: 'Open a case (court staff); you take part in it in your staff role',
      tag: 'cases',
      auth: true,
      body: createCaseBody,
      success: { status: 201, description: 'the new case', schema: caseView },
      errors: ['FORBIDDEN'],
      async handle({ principal, body, origin }) {
        return court.cases.createCase(principal, body, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId',
      operationId: 'getCase',
      summary: 'A case and your place in it',
      tag: 'cases',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the case', schema: caseWithYouView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'],
      async handle({ principal, params, origin }) {
        return caseWithYou(await court.cases.getCase(principal, params.caseId, origin));
      },
    }),
    route({
      method: 'patch',
      path: '/cases/:caseId',
      operationId: 'updateCase',
      summary: "Change a case's title or languages",
      tag: 'cases',
      auth: true,
      params: idParams.caseId,
      body: updateCaseBody,
      success: { status: 200, description: 'the case as changed', schema: caseView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return court.cases.updateCase(principal, params.caseId, body, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/stage',
      operationId: 'changeStage',
      summary: 'Move the dispute to its next stage (negotiation → mediation → arbitration or trial)',
      tag: 'cases',
      auth: true,
      params: idParams.caseId,
      body: stageBody,
      success: { status: 200, description: 'the case in its new stage', schema: caseView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'STAGE_TRANSITION_NOT_ALLOWED', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return court.cases.changeStage(principal, params.caseId, body.stage, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/timeline',
      operationId: 'getTimeline',
      summary: 'Everything that happened in the case, in time order (its ledger entries): rounds opened, answered and closed, hearings scheduled and held, offers and settlement, each marked with what it is about',
      tag: 'cases',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the timeline', schema: timelineView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'],
      async handle({ principal, params, origin }) {
        // Rounds whose deadline has passed are closed (and sealed ones revealed) before it is read.
        return { items: await court.cases.timeline(principal, params.caseId, origin, () => court.trial.settleCase(params.caseId)) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/participants',
      operationId: 'listParticipants',
      summary: 'Who takes part in the case (removed participants included, marked)',
      tag: 'participants',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the participants', schema: participantListView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'],
      async handle({ principal, params, origin }) {
        return { participants: await court.cases.participants(principal, params.caseId, origin) };
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/participants',
      operationId: 'addParticipant',
      summary: 'Add a participant (a party, counsel, witness, interpreter, observer; or staff by user name)',
      tag: 'participants',
      auth: true,
      params: idParams.caseId,
      body: addParticipantBody,
      success: { status: 201, description: 'the participant', schema: participantView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'ACCOUNT_NOT_FOUND', 'ALREADY_A_PARTICIPANT'],
      async handle({ principal, params, body, origin }) {
        return court.cases.addParticipant(principal, params.caseId, body, origin);
      },
    }),
    route({
      method: 'delete',
      path: '/cases/:caseId/participants/:participantId',
      operationId: 'removeParticipant',
      summary: 'Remove a participant: their sessions stop working at once',
      tag: 'participants',
      auth: true,
      params: idParams.participant,
      success: { status: 200, description: 'the participant as removed', schema: participantView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'PARTICIPANT_NOT_FOUND', 'RECORD_CHANGED'],
      async handle({ principal, params, origin }) {
        return court.cases.removeParticipant(principal, params.caseId, params.participantId, origin);
      },
    }),
    route({
      method: 'put',
      path: '/cases/:caseId/participants/:participantId/working-hours',
      operationId: 'setWorkingHours',
      summary: "Set when a participant can attend, in their own time zone (your own; court staff anyone's): slots are proposed inside these hours",
      tag: 'participants',
      auth: true,
      params: idParams.participant,
      body: workingHoursBody,
      success: { status: 200, description: 'the participant with their working hours', schema: participantView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'NOT_YOUR_WORKING_HOURS', 'PARTICIPANT_NOT_FOUND', 'RECORD_CHANGED'],
      async handle({ principal, params, body, origin }) {
        return court.cases.setWorkingHours(principal, params.caseId, params.participantId, body, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/participants/:participantId/invitations',
      operationId: 'inviteParticipant',
      summary: 'Issue an invitation link for a participant: signed, expiring, for this case and role, usable once',
      tag: 'participants',
      auth: true,
      params: idParams.participant,
      body: inviteBody,
      success: { status: 201, description: 'the invitation and its link', schema: issuedInvitationView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'PARTICIPANT_NOT_FOUND'],
      async handle({ principal, params, body, origin, req }) {
        const seconds = body.validForHours === undefined ? court.policy.invitationSeconds : body.validForHours * HOUR;
        const { invitation, token } = await court.cases.invite(principal, params.caseId, params.participantId, seconds, origin);
        return { invitation: { ...invitation, status: 'open' }, token, url: invitationUrl(req, token) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/invitations',
      operationId: 'listInvitations',
      summary: 'The invitations of the case and whether each is open, used, revoked or expired',
      tag: 'participants',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the invitations', schema: invitationListView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'],
      async handle({ principal, params, origin }) {
        return { invitations: await court.cases.invitationsOf(principal, params.caseId, origin) };
      },
    }),
    route({
      method: 'delete',
      path: '/cases/:caseId/invitations/:invitationId',
      operationId: 'revokeInvitation',
      summary: 'Revoke an invitation that has not been used',
      tag: 'participants',
      auth: true,
      params: idParams.invitation,
      success: { status: 200, description: 'the revoked invitation', schema: invitationView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN', 'INVITATION_NOT_FOUND', 'INVITATION_USED', 'INVITATION_REVOKED', 'INVITATION_EXPIRED'],
      async handle({ principal, params, origin }) {
        return { ...(await court.cases.revokeInvitation(principal, params.caseId, params.invitationId, origin)), status: 'revoked' };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/audit',
      operationId: 'getAuditLog',
      summary: 'Who did what, when and from where in this case, allowed or denied (court staff)',
      tag: 'audit',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the audit log', schema: auditView },
      errors: ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'],
      async handle({ principal, params, origin }) {
        const grant = await court.access.authorize(principal, params.caseId, 'audit.view', origin);
        await court.access.noteRead(grant);
        return { lines: await court.audit.ofCase(params.caseId) };
      },
    }),
  ];
}
