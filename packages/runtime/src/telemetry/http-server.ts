// The health and metrics endpoints every service exposes; services add their own routes as
// plugins, which keep their body parsers and error handlers to themselves.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Problem } from './health.ts';

/** What /readyz answers: 200 with `failing: []`, or 503 naming what the service waits for. */
export interface Readiness { ready: boolean; failing: Problem[] }

export interface HealthChecks {
  /** Liveness: the process works (the event loop answers). */
  live?: () => boolean;
  /** Readiness: dependencies are connected and the service can do its work. */
  ready: () => boolean | Readiness | Promise<boolean | Readiness>;
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
    const r = await health.ready();
    const { ready, failing } = typeof r === 'boolean' ? { ready: r, failing: [] } : r;
    const body = { status: ready ? 'ready' : 'not ready', failing: failing.map((p) => ({ ...p, since: new Date(p.since).toISOString() })) };
    return reply.code(ready ? 200 : 503).send(body);
  });
  return app;
}
