// Wiring only. The forecast stages arrive with their issue; until then the service starts,
// serves /healthz, /readyz and /metrics, and stops cleanly on SIGTERM.
import { runService } from '@mentions/runtime';
import { readForecastConfig } from './config.ts';

await runService({
  name: 'forecast',
  readConfig: () => readForecastConfig(),
  start: async () => ({ ready: () => true, stop: async () => {} }),
});
