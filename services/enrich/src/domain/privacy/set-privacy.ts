// A competitive set's privacy setting (brands file, `privacy:` of a set). People expect a reply when
// they address a brand, while most find it intrusive that talk not addressed to it is monitored: under
// 'anonymize_undirected' such a mention still counts in every rollup but keeps no text or identity.
export const SET_PRIVACY_MODES = ['keep_all', 'anonymize_undirected'] as const;
export type SetPrivacy = (typeof SET_PRIVACY_MODES)[number];
export const DEFAULT_SET_PRIVACY: SetPrivacy = 'keep_all';

/**
 * False when the record must be redacted (redactForOptOut) under the set's setting: a mention neither addressed to
 * the brand (handle, reply) nor posted by it. The brand's own posts are not a person's talk and keep everything.
 */
export function keepsIdentity(privacy: SetPrivacy | undefined, relation: { directedAtBrand: boolean; owned: boolean }): boolean {
  if ((privacy ?? DEFAULT_SET_PRIVACY) === 'keep_all') return true;
  return relation.directedAtBrand || relation.owned;
}
