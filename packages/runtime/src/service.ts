// Runs a service process: configuration (stops with the variable's name on error), logger,
// metrics, the health/metrics HTTP server, and shutdown on SIGTERM/SIGINT or a fatal error.
import type { FastifyInstance } from 'fastify';
import { ConfigError } from './config/env.ts';
import { createLogger, type Logger } from './telemetry/logger.ts';
import { createMetrics, type Metrics } from './telemetry/metrics.ts';
import { createHttpServer } from './telemetry/http-server.ts';

export interface ServiceContext {
  log: Logger;
  metrics: Metrics;
  http: FastifyInstance;
  /** Ends the process: stops the service, then exits with `code`. */
  shutdown: (reason: string, code?: number) => Promise<void>;
}

export interface RunningService {
  ready: () => boolean | Promise<boolean>;
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
  const http = createHttpServer(metrics.registry, { ready: () => (service && !stopping ? service.ready() : false) });

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

  try {
    // Routes are added by `start`; fastify takes no routes once listening.
    service = await def.start(config, { log, metrics, http, shutdown });
    await http.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
    log.info({ port: config.HTTP_PORT }, 'Started.');
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      await shutdown('invalid configuration', 2);
    }
    log.error({ err }, 'Failed to start.');
    await shutdown('start failed', 1);
  }
}
