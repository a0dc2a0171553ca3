// Erasure of an author: who is meant (a handle on every source, or one source's author id), the
// pseudonymised key and ClickHouse column that identify their rows, and the list enrich checks so
// that an erased author's later mentions are dropped. Only pseudonyms are kept, never the handle.
import { PrivacyConfigError, type Pseudonymizer } from './pseudonymizer.ts';

/** 'handle': the handle on every source (column author_handle_key); 'author': source:author_id (column author_key). */
export type ErasureKind = 'handle' | 'author';

export interface ErasureSubject {
  kind: ErasureKind;
  /** Lower case: a handle without '@', or 'source:author_id'. */
  value: string;
}

export interface ErasureKey {
  kind: ErasureKind;
  /** The pseudonym, as enrich writes it. */
  key: string;
}

export interface ErasureList {
  handleKeys: ReadonlySet<string>;
  authorKeys: ReadonlySet<string>;
}

export const EMPTY_ERASURE_LIST: ErasureList = { handleKeys: new Set(), authorKeys: new Set() };

/** The `mentions` column that holds each kind's pseudonym. */
export const ERASURE_COLUMN: Readonly<Record<ErasureKind, 'author_handle_key' | 'author_key'>> = {
  handle: 'author_handle_key',
  author: 'author_key',
};

const SUBJECT = /^(?:([^\s:@]+):(\S+)|@?([^\s:@]+))$/u;

/** '@Ann' or 'ann' → a handle; 'twitter:123' → an author id on one source (the opt-out list's syntax). */
export function parseErasureSubject(text: string): ErasureSubject {
  const parts = SUBJECT.exec(text.trim());
  if (!parts) throw new PrivacyConfigError(`expected an author as @handle, handle or source:author_id but found ${JSON.stringify(text)}`);
  const [, source, authorId, handle] = parts;
  if (handle !== undefined) return { kind: 'handle', value: handle.toLowerCase() };
  return { kind: 'author', value: `${source!.toLowerCase()}:${authorId!.toLowerCase()}` };
}

/**
 * The pseudonym enrich gives the subject: the handle's, or that of 'source:author_id' (enrich keys an author by
 * source and id, or source and handle when the source gives no id).
 */
export function erasureKey(subject: ErasureSubject, pseudonymize: Pseudonymizer): ErasureKey {
  return { kind: subject.kind, key: pseudonymize(subject.value) };
}

export function erasureList(keys: Iterable<ErasureKey>): ErasureList {
  const handleKeys = new Set<string>();
  const authorKeys = new Set<string>();
  for (const { kind, key } of keys) (kind === 'handle' ? handleKeys : authorKeys).add(key);
  return { handleKeys, authorKeys };
}

export function isErasureListEmpty(list: ErasureList): boolean {
  return list.handleKeys.size === 0 && list.authorKeys.size === 0;
}

/** True when either pseudonym of a mention's author is on the list. */
export function isErased(list: ErasureList, author: { authorKey: string; handleKey: string }): boolean {
  return list.handleKeys.has(author.handleKey) || list.authorKeys.has(author.authorKey);
}
