import { Router } from 'express';

export interface ReadinessProbe {
  /** Why the server cannot serve hearings right now; empty when ready. */
  problems(): string[];
}

export function healthRoutes(readiness: ReadinessProbe): Router {
  const router = Router();
  // Liveness: the process answers. Nothing else is checked, so a restart is never triggered by
  // a dependency that a restart would not fix.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const problems = readiness.problems();
    res.status(problems.length ? 503 : 200).json(problems.length ? { status: 'not ready', problems } : { status: 'ready' });
  });
  return router;
}
