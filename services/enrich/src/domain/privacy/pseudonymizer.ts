// Keyed pseudonyms for author handles and ids: HMAC-SHA-256 under a secret, so the same author
// gets the same key in every mention (author counts and champions still work) while nobody
// without the secret can recompute a handle's key from a list of handles.
import { createHmac } from 'node:crypto';

export type Pseudonymizer = (value: string) => string;

export const MIN_SECRET_CHARS = 16;
/** 16 bytes = 128 bits: collisions stay negligible at billions of authors. */
export const PSEUDONYM_BYTES = 16;

export class PrivacyConfigError extends Error {
  override readonly name = 'PrivacyConfigError';
  readonly retriable = false;
}

/**
 * Returns a function giving each value its pseudonym: the first 16 bytes of
 * HMAC-SHA-256(secret, value) as 32 lower-case hex characters. Values are lower-cased first,
 * so '@United' and 'united' differ only by the '@'; pass handles without it.
 */
export function createPseudonymizer(secret: string): Pseudonymizer {
  if (secret.length < MIN_SECRET_CHARS) {
    throw new PrivacyConfigError(
      `pseudonymization secret must be at least ${MIN_SECRET_CHARS} characters, got ${secret.length}`,
    );
  }
  return (value) =>
    createHmac('sha256', secret)
      .update(value.toLowerCase(), 'utf8')
      .digest()
      .subarray(0, PSEUDONYM_BYTES)
      .toString('hex');
}
