// Hearings of a case over REST: slots that suit everyone's working hours, schedule, list, each
// participant's calendar invitation, and the hearing record. What happens live in a hearing goes
// over socket.io (courtroom:command); its record is read here.
import type { Request } from 'express';
import { hearingListView, hearingParams, hearingRecordView, hearingView, idParams, scheduleHearingBody, slotListView, slotQuery } from '../../protocol/caseRecordSchemas.js';
import type { Court } from '../../record/Court.js';
import { RESPONDED, route } from './apiRoute.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;

export function hearingRoutes(court: Court, publicUrl: string | undefined) {
  const origin = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host')}`;
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/hearings/slots',
      operationId: 'proposeHearingSlots',
      summary: "Times in the coming days that fall inside every participant's working hours (Monday–Friday 09:00–17:00 in their own zone), correct across daylight-saving changes",
      tag: 'hearings',
      auth: true,
      params: idParams.caseId,
      query: slotQuery,
      success: { status: 200, description: 'the proposed slots, earliest first', schema: slotListView },
      errors: CASE_ERRORS,
      async handle({ principal, params, query, origin: from }) {
        return court.hearings.proposeSlots(principal, params.caseId, query, from);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/hearings',
      operationId: 'scheduleHearing',
      summary: "Schedule a hearing (stored in UTC, with the zone it was set in). From the asynchronous trial, the presiding role of the case's stage may say what it hears live: covers { scope: 'claims', claimIds } or { scope: 'rest' }",
      tag: 'hearings',
      auth: true,
      params: idParams.caseId,
      body: scheduleHearingBody,
      success: { status: 201, description: 'the scheduled hearing', schema: hearingView },
      errors: [...CASE_ERRORS, 'CASE_SETTLED', 'NOT_PRESIDING', 'CLAIM_NOT_FOUND'],
      async handle({ principal, params, body, origin }) {
        return court.hearings.schedule(principal, params.caseId, body, origin);
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/hearings',
      operationId: 'listHearings',
      summary: 'The hearings of the case',
      tag: 'hearings',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the hearings', schema: hearingListView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return { hearings: await court.hearings.ofCase(principal, params.caseId, origin) };
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/hearings/:hearingId/invitation.ics',
      operationId: 'getHearingInvitation',
      summary: 'Your calendar invitation (RFC 5545) to the hearing, with your join link and the time in your zone',
      tag: 'hearings',
      auth: true,
      params: hearingParams,
      success: { status: 200, description: 'the invitation', contentType: 'text/calendar' },
      errors: [...CASE_ERRORS, 'HEARING_NOT_FOUND'],
      async handle({ principal, params, origin: from, req, res }) {
        const ics = await court.hearings.invitation(principal, params.caseId, params.hearingId, `${origin(req)}/?hearing=${params.hearingId}&autojoin=1`, from);
        res.status(200).type('text/calendar; charset=utf-8').set('Content-Disposition', `attachment; filename="hearing-${params.hearingId}.ics"`).send(ics);
        return RESPONDED;
      },
    }),
    route({
      method: 'get',
      path: '/cases/:caseId/hearings/:hearingId/record',
      operationId: 'getHearingRecord',
      summary: 'The hearing record: every event of the live hearing, timestamped (court staff)',
      tag: 'hearings',
      auth: true,
      params: hearingParams,
      success: { status: 200, description: 'the record', schema: hearingRecordView },
      errors: [...CASE_ERRORS, 'HEARING_NOT_FOUND'],
      async handle({ principal, params, origin }) {
        return { lines: await court.hearings.record(principal, params.caseId, params.hearingId, origin) };
      },
    }),
  ];
}
