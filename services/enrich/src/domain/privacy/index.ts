// Privacy and authors: pseudonyms, the opt-out list and reach tiers.
export {
  createPseudonymizer,
  MIN_SECRET_CHARS,
  PrivacyConfigError,
  PSEUDONYM_BYTES,
  type Pseudonymizer,
} from './pseudonymizer.ts';
export {
  isOptedOut,
  parseOptOutList,
  redactForOptOut,
  type MentionAuthor,
  type OptOutList,
  type RedactableMention,
  type RedactedMention,
} from './opt-out-list.ts';
export { reachTier, type ReachTier } from './reach-tier.ts';
export {
  EMPTY_ERASURE_LIST,
  ERASURE_COLUMN,
  erasureKey,
  erasureList,
  isErased,
  isErasureListEmpty,
  parseErasureSubject,
  type ErasureKey,
  type ErasureKind,
  type ErasureList,
  type ErasureSubject,
} from './erasure.ts';
export { DEFAULT_SET_PRIVACY, keepsIdentity, SET_PRIVACY_MODES, type SetPrivacy } from './set-privacy.ts';
