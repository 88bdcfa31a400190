// The REST API under /api: every route declared in the *Routes files, the OpenAPI document that
// describes them, and problem+json for everything that goes wrong.
import { Router } from 'express';
import type { Logger } from 'pino';
import type { Court } from '../../record/Court.js';
import { notFound, problemHandler } from '../problem.js';
import { mountApiRoutes } from './apiRoute.js';
import { caseRoutes } from './caseRoutes.js';
import { claimRoutes } from './claimRoutes.js';
import { crossExaminationRoutes } from './crossExaminationRoutes.js';
import { documentRoutes } from './documentRoutes.js';
import { evidenceRoutes } from './evidenceRoutes.js';
import { hearingRoutes } from './hearingRoutes.js';
import { ledgerRoutes } from './ledgerRoutes.js';
import { offerRoutes } from './offerRoutes.js';
import { openApiDocument } from './openApi.js';
import { recordingRoutes } from './recordingRoutes.js';
import { sessionRoutes } from './sessionRoutes.js';
import { trialRoutes } from './trialRoutes.js';

export const API_VERSION = '1.0.0';

export function caseRecordRoutes(court: Court, publicUrl: string | undefined) {
  return [...sessionRoutes(court), ...caseRoutes(court, publicUrl), ...evidenceRoutes(court), ...hearingRoutes(court, publicUrl), ...ledgerRoutes(court), ...recordingRoutes(court), ...documentRoutes(court), ...trialRoutes(court), ...crossExaminationRoutes(court), ...claimRoutes(court), ...offerRoutes(court)];
}

export function caseRecordApi(court: Court, logger: Logger, publicUrl?: string): Router {
  const routes = caseRecordRoutes(court, publicUrl);
  const document = openApiDocument(routes, API_VERSION);
  const api = Router();
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use(
    mountApiRoutes(routes, {
      authenticate: (token) => court.authenticator.principalOf(token),
      onResponseMismatch: (operationId, problems) => logger.error({ operationId, problems }, 'a REST response did not match its schema'),
    }),
  );
  api.use(notFound);
  api.use(problemHandler(logger));
  return api;
}
