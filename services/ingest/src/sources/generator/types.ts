import type { Intent, Sentiment } from '@mentions/runtime';

export type { Intent, Sentiment };
export type Sector = 'airline' | 'phone' | 'generic';
export type Language = 'en' | 'es' | 'fr' | 'de' | 'pt';

export interface BrandConfig {
  name: string;
  competitiveSet: string;
  /** Without @; the first is the main account (promotions), the last answers customers. */
  handles: string[];
  /** Relative share of branded volume. */
  weight: number;
  /** Picks the vocabulary: flights and bags, or batteries and updates. Default generic. */
  sector?: Sector;
  /** Other names people use, e.g. "Northwind" for "Northwind Airlines". */
  aliases?: string[];
  /** Product names texts refer to, e.g. "Orbit X2". */
  products?: string[];
}

export type IncidentKind = 'volume_spike' | 'negative_storm' | 'sov_shift';

/**
 * volume_spike: the brand's organic rate × magnitude (≥ 1); the extra mentions belong to the incident.
 * negative_storm: the brand's organic mentions are replaced by magnitude (≥ 1) × as many mostly negative
 *   complaints about one problem; all of them belong to the incident.
 * sov_shift: every other brand of the set loses magnitude (0..1] of its organic rate to this brand;
 *   the moved mentions belong to the incident.
 */
export interface Incident {
  id: string;
  kind: IncidentKind;
  brand: string;
  startMs: number;
  durationMs: number;
  magnitude: number;
}

export interface TrafficShape {
  /** Daily cycle: rate × (1 + amplitude × cos(2π (hour − peak) / 24)); 0 turns it off. */
  dailyAmplitude: number;
  dailyPeakHourUtc: number;
  /** Sunday first; scaled so that their mean is 1. */
  weekdayFactors: readonly number[];
  /** Share of all mentions that name no brand. */
  unbrandedShare: number;
  /** Share of a brand's mentions posted by the brand itself. */
  ownedShare: number;
  languages: Readonly<Record<Language, number>>;
  authorPoolSize: number;
  /** Author activity ~ 1 / rank^exponent. */
  authorZipfExponent: number;
}

export interface GeneratorConfig {
  seed: number;
  /** Nothing earlier is generated. */
  startMs: number;
  /** Mean mentions per minute over a week, before incidents. */
  ratePerMinute: number;
  brands: BrandConfig[];
  incidents?: Incident[];
  /** The input's source field; default "generator". */
  source?: string;
  shape?: Partial<TrafficShape>;
}

/** The JSON object normalizeMention accepts, as a source would send it. */
export interface MentionInput {
  source: string;
  source_id: string;
  created_at: string;
  text: string;
  author: { handle: string; id: string; name: string | null; followers: number };
  in_reply_to?: string;
  lang?: string;
  url: string;
  reposts: number;
}

/** What the text was written to express; sentiment and intents are toward `brand` (the first of `brands`). */
export interface MentionTruth {
  brand: string | null;
  /** Every brand the text names, `brand` first; two when comparing brands of one set. */
  brands: string[];
  incidentId: string | null;
  sentiment: Sentiment;
  intents: Intent[];
  owned: boolean;
  lang: Language;
}

export interface GeneratedMention {
  eventTimeMs: number;
  input: MentionInput;
  truth: MentionTruth;
}
