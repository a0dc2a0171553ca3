// Runs a service process: configuration (stops with the variable's name on error), logger,
// metrics, the health/metrics HTTP server, and shutdown on SIGTERM/SIGINT or a fatal error.
// The HTTP port is checked before `start` and open before `begin` joins any consumer group, so a
// taken port stops the process before it is a group member (no rebalance for the others).
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { flushCompileCache } from './compile-cache.ts';
import { ConfigError } from './config/env.ts';
import { createLogger, type Logger } from './telemetry/logger.ts';
import { createMetrics, type Metrics } from './telemetry/metrics.ts';
import { createHttpServer, type Readiness } from './telemetry/http-server.ts';
import { processHealth } from './telemetry/health.ts';

export interface ServiceContext {
  log: Logger;
  metrics: Metrics;
  http: FastifyInstance;
  /** Ends the process: stops the service, then exits with `code`. */
  shutdown: (reason: string, code?: number) => Promise<void>;
}

export interface RunningService {
  /** The service's own readiness; problems reported to the process' health registry count too. */
  ready: () => boolean | Promise<boolean>;
  /** Runs once the HTTP port is open: joins consumer groups. */
  begin?: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface ServiceDefinition<C> {
  name: string;
  readConfig: () => C & { HTTP_HOST: string; HTTP_PORT: number; LOG_LEVEL: string };
  start: (config: C, ctx: ServiceContext) => Promise<RunningService>;
}

export async function runService<C>(def: ServiceDefinition<C>): Promise<void> {
  let config: ReturnType<typeof def.readConfig>;
  try {
    config = def.readConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(def.name, config.LOG_LEVEL);
  const metrics = createMetrics(def.name);
  let service: RunningService | undefined;
  let stopping: Promise<void> | undefined;
  const ready = async (): Promise<Readiness> => {
    if (stopping) return { ready: false, failing: [{ source: def.name, dependency: 'none', reason: 'stopping', since: Date.now() }] };
    if (!service) return { ready: false, failing: [{ source: def.name, dependency: 'none', reason: 'starting', since: Date.now() }] };
    const failing = processHealth.problems();
    const own = await service.ready();
    if (!own && failing.length === 0) failing.push({ source: def.name, dependency: 'unknown', reason: 'not ready', since: Date.now() });
    return { ready: own && failing.length === 0, failing };
  };
  const http = createHttpServer(metrics.registry, { ready });

  const shutdown = (reason: string, code = 0) => {
    stopping ??= (async () => {
      log.info({ reason }, 'Shutting down.');
      const force = setTimeout(() => {
        log.error('Shutdown took longer than 30 s; exiting.');
        process.exit(code || 1);
      }, 30_000);
      force.unref();
      try {
        await service?.stop();
        await http.close();
      } catch (err) {
        log.error({ err }, 'Error during shutdown.');
        code ||= 1;
      }
      log.info({ code }, 'Stopped.');
      process.exit(code);
    })();
    return stopping;
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const portTaken = (err: unknown) => {
    const code = (err as { code?: string }).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') return false;
    process.stderr.write(`${def.name}: HTTP_PORT ${config.HTTP_PORT} on HTTP_HOST ${config.HTTP_HOST} cannot be opened (${code}); set HTTP_PORT to a free port or stop what holds it\n`);
    log.error({ err, host: config.HTTP_HOST, port: config.HTTP_PORT }, 'The HTTP port cannot be opened.');
    return true;
  };
  try {
    await checkPortFree(config.HTTP_HOST, config.HTTP_PORT);
  } catch (err) {
    if (portTaken(err)) process.exit(2);
    throw err;
  }
  try {
    // Routes are added by `start`; fastify takes no routes once listening.
    service = await def.start(config, { log, metrics, http, shutdown });
    try {
      await http.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
    } catch (err) {
      if (portTaken(err)) return void (await shutdown('HTTP port taken', 2));
      throw err;
    }
    await service.begin?.();
    log.info({ port: config.HTTP_PORT }, 'Started.');
    flushCompileCache();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      await shutdown('invalid configuration', 2);
    }
    log.error({ err }, 'Failed to start.');
    await shutdown('start failed', 1);
  }
}

/** Resolves when host:port can be listened on (and frees it again); rejects with the listen error. */
function checkPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
