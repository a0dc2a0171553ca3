// Drivers of an incident: the terms, hashtags and intents that the incident's mentions carry
// far more often than the brand's recent baseline mentions do, so the person paged sees why
// volume moved. Shares are of mentions (a term counts once per mention), smoothed so a term
// never seen in the baseline does not get an infinite lift.
import type { AlertDriver } from '@mentions/runtime';

export interface DriverMention { mention_id: string; text: string | null; hashtags: readonly string[]; intents: readonly string[] }

export interface DriverRules {
  /** Incident mentions that must carry a driver. */
  minCount: number;
  /** Share of the incident's mentions that must carry it. */
  minShare: number;
  /** Incident share over baseline share (smoothed). */
  minLift: number;
  max: number;
}

export const DEFAULT_DRIVER_RULES: DriverRules = { minCount: 3, minShare: 0.1, minLift: 2, max: 5 };

const STOP = new Set(
  ('the and for you your with this that are was were have has had not but all can our out get got just they them what when who why how from about would could '
    + 'there their will been its it\'s i\'m im dont don\'t cant can\'t than then too very into over more some any one two now still again only also my me we us '
    + 'on in at to of a an is be do no so if or as by up it i').split(' '),
);

/** The words of a text worth reporting: lower-case, 3+ letters, no handles, links or stop words. */
export function driverTerms(text: string): string[] {
  const words = text.toLowerCase().replace(/https?:\/\/\S+/g, ' ').replace(/[@#]\w+/g, ' ').match(/[\p{L}\p{N}']{3,}/gu) ?? [];
  return [...new Set(words.filter((w) => !STOP.has(w) && !/^\d+$/.test(w)))];
}

function carried(mentions: readonly DriverMention[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mentions) {
    const keys = new Set<string>();
    for (const t of m.text ? driverTerms(m.text) : []) keys.add(`term\u0000${t}`);
    for (const h of m.hashtags) keys.add(`hashtag\u0000${h.toLowerCase()}`);
    for (const i of m.intents) keys.add(`intent\u0000${i}`);
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function findDrivers(incident: readonly DriverMention[], baseline: readonly DriverMention[], r: DriverRules = DEFAULT_DRIVER_RULES): AlertDriver[] {
  if (incident.length === 0) return [];
  const inc = carried(incident);
  const base = carried(baseline);
  const drivers: Array<AlertDriver & { strength: number }> = [];
  for (const [key, count] of inc) {
    const share = count / incident.length;
    if (count < r.minCount || share < r.minShare) continue;
    const baseCount = base.get(key) ?? 0;
    const lift = ((count + 0.5) / (incident.length + 1)) / ((baseCount + 0.5) / (baseline.length + 1));
    if (lift < r.minLift) continue;
    const [kind, value] = key.split('\u0000') as [string, string];
    drivers.push({ kind, value, count, share, baseline_share: baseline.length ? baseCount / baseline.length : 0, strength: count * Math.log(lift) });
  }
  drivers.sort((a, b) => b.strength - a.strength || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
  return drivers.slice(0, r.max).map(({ strength: _strength, ...d }) => d);
}
