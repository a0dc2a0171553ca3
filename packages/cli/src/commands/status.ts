// `mentions status`: each service's health, readiness, consumer lag and processing errors, from
// its HTTP server (/healthz, /readyz, /metrics).
import type { Command } from 'commander';
import { readConfig } from '@mentions/runtime';
import { cliSpec } from '../clients.ts';
import { probeService, serviceUrls, type ServiceStatus } from '../service-health.ts';
import { printResult, type Column } from '../table.ts';

const yesNo = (v: boolean) => (v ? 'yes' : 'no');

const COLUMNS: Column<ServiceStatus>[] = [
  { header: 'SERVICE', value: (s) => s.service },
  { header: 'URL', value: (s) => s.url },
  { header: 'UP', value: (s) => yesNo(s.up) },
  { header: 'READY', value: (s) => yesNo(s.ready) },
  { header: 'LAG', value: (s) => s.lag },
  { header: 'ERRORS', value: (s) => s.errors },
  { header: 'PROBLEM', value: (s) => s.problem },
];

export function addStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Each service: up (/healthz), ready (/readyz), consumer lag and processing errors (/metrics).')
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', `
LAG is the sum of the service's consumer-lag gauge over its partitions (mentions_consumer_lag_messages,
formerly consumer_lag; ingest has no consumer); ERRORS counts mentions_processing_errors_total
(formerly processing_errors_total) since the service started (details: its logs and
\`mentions dlq show\`). PROBLEM says why a service is not up (connection refused, timeout).
Environment: INGEST_URL (default http://127.0.0.1:8081), ENRICH_URL (:8082), AGGREGATE_URL (:8083),
FORECAST_URL (:8084), CLI_TIMEOUT_MS (default 10000, per request).
Exit codes: 0 every service up and ready, 1 one or more down or not ready, 2 a bad URL variable.`)
    .action(async (flags: { json?: boolean }) => {
      const { CLI_TIMEOUT_MS } = readConfig(cliSpec);
      const statuses = await Promise.all(serviceUrls().map((s) => probeService(s.service, s.url, CLI_TIMEOUT_MS)));
      printResult(flags, statuses, COLUMNS, statuses);
      if (statuses.some((s) => !s.up || !s.ready)) process.exitCode = 1;
    });
}
