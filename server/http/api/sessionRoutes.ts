// Signing in and out, refreshing a session, redeeming an invitation, and "who am I".
import { CourtError } from '../../domain/CourtError.js';
import type { Principal } from '../../domain/identity/principal.js';
import { toUtcTimestamp } from '../../domain/ledger/utcTimestamp.js';
import { redeemBody, refreshBody, sessionView, signInBody, principalView, caseListView } from '../../protocol/caseRecordSchemas.js';
import type { Court } from '../../record/Court.js';
import { route } from './apiRoute.js';
import { caseWithYou } from './views.js';

export function sessionRoutes(court: Court) {
  return [
    route({
      method: 'post',
      path: '/sessions',
      operationId: 'signIn',
      summary: 'Court staff sign in with user name and password',
      tag: 'sessions',
      auth: false,
      body: signInBody,
      success: { status: 201, description: 'signed in', schema: sessionView },
      errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'TOO_MANY_ATTEMPTS'],
      async handle({ body, origin }) {
        const line = { at: toUtcTimestamp(court.now()), action: 'session.signIn', target: body.username.slice(0, 64), ip: origin.ip, userAgent: origin.userAgent, via: origin.via };
        try {
          court.signInLimiter.take(origin.ip, body.username);
          const account = await court.accounts.signIn(body.username, body.password);
          const tokens = await court.sessions.start({ kind: 'staff', accountId: account.id });
          await court.audit.write({ ...line, actor: `account:${account.id}`, role: account.role, outcome: 'allowed' });
          const principal: Principal = { kind: 'staff', accountId: account.id, displayName: account.displayName, staffRole: account.role, sessionId: '' };
          return { ...tokens, principal: principalOf(principal) };
        } catch (error) {
          if (error instanceof CourtError) await court.audit.write({ ...line, actor: 'anonymous', outcome: 'denied', code: error.code });
          throw error;
        }
      },
    }),
    route({
      method: 'post',
      path: '/sessions/refresh',
      operationId: 'refreshSession',
      summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
      tag: 'sessions',
      auth: false,
      body: refreshBody,
      success: { status: 200, description: 'new tokens', schema: sessionView },
      errors: ['REFRESH_TOKEN_INVALID'],
      async handle({ body }) {
        const tokens = await court.sessions.refresh(body.refreshToken);
        const principal = await court.authenticator.principalOf(tokens.accessToken);
        return { ...tokens, principal: principalOf(principal) };
      },
    }),
    route({
      method: 'delete',
      path: '/sessions/current',
      operationId: 'signOut',
      summary: 'End this session at once (its tokens stop working)',
      tag: 'sessions',
      auth: true,
      success: { status: 204, description: 'signed out' },
      errors: [],
      async handle({ principal }) {
        await court.sessions.end(principal.sessionId);
      },
    }),
    route({
      method: 'post',
      path: '/invitations/redeem',
      operationId: 'redeemInvitation',
      summary: 'A case participant opens their invitation link: the invitation is used up and a session starts',
      tag: 'sessions',
      auth: false,
      body: redeemBody,
      success: { status: 201, description: 'joined the case', schema: sessionView },
      errors: ['INVITATION_INVALID', 'INVITATION_EXPIRED', 'INVITATION_USED', 'INVITATION_REVOKED'],
      async handle({ body, origin }) {
        try {
          const { participant, tokens } = await court.cases.redeemInvitation(body.token, origin);
          const principal: Principal = { kind: 'participant', participantId: participant.id, caseId: participant.caseId, displayName: participant.displayName, sessionId: '' };
          return { ...tokens, principal: principalOf(principal) };
        } catch (error) {
          if (error instanceof CourtError) {
            // A genuine link refused (used, revoked, expired) is the case's business; a forgery the court's.
            const known = await court.invitations.claimsOf(body.token);
            await court.audit.write({
              at: toUtcTimestamp(court.now()),
              actor: 'anonymous',
              action: 'invitation.redeem',
              ...(known === undefined ? {} : { caseId: known.caseId, target: known.invitationId }),
              outcome: 'denied',
              code: error.code,
              ip: origin.ip,
              userAgent: origin.userAgent,
              via: origin.via,
            });
          }
          throw error;
        }
      },
    }),
    route({
      method: 'get',
      path: '/me',
      operationId: 'whoAmI',
      summary: 'The signed-in person and the cases they take part in',
      tag: 'sessions',
      auth: true,
      success: { status: 200, description: 'you', schema: principalView.extend(caseListView.shape) },
      errors: [],
      async handle({ principal }) {
        return { ...principalOf(principal), cases: (await court.cases.casesOf(principal)).map(caseWithYou) };
      },
    }),
  ];
}

export function principalOf(principal: Principal) {
  return principal.kind === 'staff'
    ? { kind: principal.kind, displayName: principal.displayName, accountId: principal.accountId, staffRole: principal.staffRole }
    : { kind: principal.kind, displayName: principal.displayName, participantId: principal.participantId, caseId: principal.caseId };
}
