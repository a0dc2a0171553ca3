// Incident: the lifecycle of one spike alert of one series. It guarantees one `firing` per
// incident, `updated` only when the incident escalates (a higher severity), and one `resolved`
// once the series has stayed back inside its interval for `resolveAfterMs` of event time. The
// incident's id is its series key and the start of the window that opened it, and each event's
// version counts the events before it: the same input gives the same ids and versions, after a
// restart too.

export type AlertState = 'firing' | 'updated' | 'resolved';
export type Severity = 'warning' | 'critical';

export interface IncidentRules {
  /** Opens when the observation is this many sigmas above the expected value… */
  openSigmas: number;
  /** …and at least this much (a fraction of the expected value) above the upper 95% bound… */
  margin: number;
  /** …and the window has at least this many mentions. */
  minCount: number;
  /** Escalates to critical at this many sigmas. */
  criticalSigmas: number;
  /** Below this many sigmas a window counts as calm. */
  calmSigmas: number;
  /** Resolves after calm windows for this long. */
  resolveAfterMs: number;
}

export const DEFAULT_INCIDENT_RULES: IncidentRules = {
  openSigmas: 3,
  margin: 0.2,
  minCount: 10,
  criticalSigmas: 10,
  calmSigmas: 2,
  resolveAfterMs: 3 * 3600_000,
};

/** One window as the detector judges it. */
export interface Check {
  /** A single window, or the sum of the windows of a longer period (a surge). */
  scale: 'window' | 'surge';
  windowStartMs: number;
  /** The period the count covers: the window or surge period, or the part of an open window judged early. */
  windowMs: number;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  /** Sigmas above (negative: below) the expected value. */
  sigmas: number;
  /** False for an early emission of a window still open (its count can only grow). */
  isFinal: boolean;
  /** Sigmas this series has recently reached without being an incident (see SurpriseLevel): opening needs more. */
  usual: number;
  /**
   * An early look at a window still open: its bars (opening, critical) rise by this many sigmas,
   * because a count judged again at every emission gets many chances to cross a fixed bar.
   */
  lookSigmas?: number;
}

export interface IncidentEvent {
  state: AlertState;
  severity: Severity;
  openedAtMs: number;
  check: Check;
  /** 1 for firing, then one more per event. */
  version: number;
  /** 0..1: how far outside the interval. */
  score: number;
}

export interface OpenIncident {
  openedAtMs: number;
  severity: Severity;
  version: number;
  /** Start of the first calm window of the current calm run, if calm. */
  calmSinceMs: number | undefined;
  peak: Check;
}

/** 0..1 from sigmas: 0.5 at the opening threshold, approaching 1 far above it. */
export const anomalyScore = (sigmas: number, openSigmas: number) => (sigmas <= 0 ? 0 : 1 - Math.pow(0.5, sigmas / openSigmas));

export function isOutside(c: Check, r: IncidentRules): boolean {
  return c.sigmas >= Math.max(r.openSigmas, c.usual) + (c.lookSigmas ?? 0) && c.observed >= r.minCount && c.observed >= c.upper + r.margin * c.expected;
}

const severityOf = (c: Check, r: IncidentRules): Severity => (c.sigmas >= r.criticalSigmas + (c.lookSigmas ?? 0) ? 'critical' : 'warning');
const rank = (s: Severity) => (s === 'critical' ? 1 : 0);

/**
 * The next state of a series' incident after one check, and the event to publish (if any).
 * Early (non-final) checks may open or escalate an incident but never calm it.
 */
export function stepIncident(open: OpenIncident | undefined, c: Check, r: IncidentRules): { open: OpenIncident | undefined; event?: IncidentEvent } {
  const score = anomalyScore(c.sigmas, r.openSigmas);
  if (!open) {
    if (!isOutside(c, r)) return { open: undefined };
    const next: OpenIncident = { openedAtMs: c.windowStartMs, severity: severityOf(c, r), version: 1, calmSinceMs: undefined, peak: c };
    return { open: next, event: { state: 'firing', severity: next.severity, openedAtMs: next.openedAtMs, check: c, version: 1, score } };
  }
  if (isOutside(c, r)) {
    const severity = severityOf(c, r);
    const peak = c.sigmas > open.peak.sigmas ? c : open.peak;
    if (rank(severity) > rank(open.severity)) {
      const next: OpenIncident = { ...open, severity, version: open.version + 1, calmSinceMs: undefined, peak };
      return { open: next, event: { state: 'updated', severity, openedAtMs: open.openedAtMs, check: c, version: next.version, score } };
    }
    return { open: { ...open, calmSinceMs: undefined, peak } };
  }
  if (!c.isFinal) return { open };
  if (c.sigmas >= r.calmSigmas) return { open: { ...open, calmSinceMs: undefined } };
  // Calm time is measured in windows; a calm surge period neither starts nor ends it.
  if (c.scale === 'surge') return { open };
  const calmSinceMs = open.calmSinceMs ?? c.windowStartMs;
  if (c.windowStartMs + c.windowMs - calmSinceMs < r.resolveAfterMs) return { open: { ...open, calmSinceMs } };
  const version = open.version + 1;
  return { open: undefined, event: { state: 'resolved', severity: open.severity, openedAtMs: open.openedAtMs, check: c, version, score } };
}
