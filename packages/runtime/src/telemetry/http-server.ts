// The health and metrics endpoints every service exposes; services add their own routes as
// plugins, which keep their body parsers and error handlers to themselves.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  /** Liveness: the process works (the event loop answers). */
  live?: () => boolean;
  /** Readiness: dependencies are connected and the service can do its work. */
  ready: () => boolean | Promise<boolean>;
}

export function createHttpServer(registry: Registry, health: HealthChecks): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  app.get('/healthz', async (_req, reply) => {
    const ok = health.live ? health.live() : true;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'failing' });
  });
  app.get('/readyz', async (_req, reply) => {
    const ok = await health.ready();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready' });
  });
  return app;
}
