// Wiring only. The aggregate stages arrive with their issue; until then the service starts,
// serves /healthz, /readyz and /metrics, and stops cleanly on SIGTERM.
import { runService } from '@mentions/runtime';
import { readAggregateConfig } from './config.ts';

await runService({
  name: 'aggregate',
  readConfig: () => readAggregateConfig(),
  start: async () => ({ ready: () => true, stop: async () => {} }),
});
