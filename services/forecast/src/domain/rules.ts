// The detector's rules in one place: the service's defaults and the evaluation use the same.
import { DEFAULT_INCIDENT_RULES } from './incident.ts';
import { DEFAULT_MODEL_RULES } from './seasonal-volume-model.ts';
import { DEFAULT_SURPRISE_RULES } from './surprise-level.ts';
import type { WatchRules } from './series-watch.ts';

export const DEFAULT_WATCH_RULES: WatchRules = {
  model: { ...DEFAULT_MODEL_RULES, stepMs: 60_000 },
  incident: DEFAULT_INCIDENT_RULES,
  surprise: DEFAULT_SURPRISE_RULES,
  surgeMs: 3 * 3600_000,
  sustainedMs: 86_400_000,
  // Three days: the first same-time-of-day median that one odd day cannot move (docs/FORECAST.md).
  minHistoryMs: 3 * 86_400_000,
  // An open window is judged against the forecast of its elapsed part, at least a quarter of it,
  // its bars raised by 1 × √ln(1/f) sigmas (1.18 at a quarter, 0.83 at half, 0 at the end).
  earlyMinFraction: 0.25,
  earlyLookSigmas: 1,
};
