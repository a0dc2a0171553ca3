// People who asked not to be monitored. Their mentions still count in volume, but enrich
// output carries neither their text nor any key that identifies them.
//
// File format, one entry per line, case-insensitive, '#' starts a comment:
//   @someone            a handle ('@' optional); applies on every source, erring toward privacy
//   twitter:12345       an author id on one source
import { PrivacyConfigError } from './pseudonymizer.ts';
import { reachTier, type ReachTier } from './reach-tier.ts';

export interface OptOutList {
  /** Lower case, no '@'. */
  handles: ReadonlySet<string>;
  /** 'source:author_id', lower case. */
  authors: ReadonlySet<string>;
}

export interface MentionAuthor {
  handle: string | null;
  authorId: string | null;
  source: string;
}

/** The fields of an enriched mention that say who wrote it or what they wrote. */
export interface RedactableMention {
  text: string | null;
  author_key: string | null;
  author_handle_key: string | null;
  followers: number | null;
  reach_tier: string;
  hashtags: readonly string[];
}

export type RedactedMention<T extends RedactableMention> = Omit<T, keyof RedactableMention> & {
  text: null;
  author_key: null;
  author_handle_key: null;
  followers: null;
  reach_tier: ReachTier;
  hashtags: string[];
};

const ENTRY = /^(?:([^\s:@]+):(\S+)|@?([^\s:@]+))$/u;

function normalizeHandle(handle: string): string {
  return (handle.startsWith('@') ? handle.slice(1) : handle).toLowerCase();
}

/** Throws PrivacyConfigError naming the first line that is neither a handle nor source:author_id. */
export function parseOptOutList(text: string): OptOutList {
  const handles = new Set<string>();
  const authors = new Set<string>();
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const hash = line.indexOf('#');
    const entry = (hash >= 0 ? line.slice(0, hash) : line).trim();
    if (entry === '') continue;
    const parts = ENTRY.exec(entry);
    if (!parts) {
      throw new PrivacyConfigError(
        `opt-out list line ${index + 1}: expected a handle or source:author_id but found ${JSON.stringify(entry)}`,
      );
    }
    const [, source, authorId, handle] = parts;
    if (handle !== undefined) handles.add(handle.toLowerCase());
    else authors.add(`${source!.toLowerCase()}:${authorId!.toLowerCase()}`);
  }
  return { handles, authors };
}

export function isOptedOut(list: OptOutList, author: MentionAuthor): boolean {
  if (author.handle !== null && list.handles.has(normalizeHandle(author.handle))) return true;
  if (author.authorId === null) return false;
  return list.authors.has(`${author.source.toLowerCase()}:${author.authorId.toLowerCase()}`);
}

/**
 * The one opt-out rule: the mention still counts (brand, time, sentiment, intents, engagement) but carries no text, no
 * key that identifies its author, and nothing about the author's audience (followers, reach tier) or own words
 * (hashtags). Other fields pass through.
 */
export function redactForOptOut<T extends RedactableMention>(mention: T): RedactedMention<T> {
  return { ...mention, text: null, author_key: null, author_handle_key: null, followers: null, reach_tier: reachTier(null), hashtags: [] };
}
