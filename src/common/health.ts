import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { Problem } from './problem';
import { RETRY_AFTER_SECONDS } from './error-handler';

/**
 * Liveness and readiness for an orchestrator or load balancer. `/health`: the process answers (no database,
 * so an outage does not get healthy instances restarted). `/ready`: the database answers and every migration
 * is applied, so the instance can take traffic; 503 with Retry-After otherwise.
 */
export function healthRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res, next) => {
    try {
      if (await dataSource.showMigrations()) {
        return next(
          new Problem('service-unavailable', 'Migrations are pending: run npm run migrate.', undefined, {
            'Retry-After': String(RETRY_AFTER_SECONDS),
          }),
        );
      }
      res.json({ status: 'ready' });
    } catch (error) {
      next(error); // the error handler answers 503 when the database is unavailable
    }
  });
  return router;
}
