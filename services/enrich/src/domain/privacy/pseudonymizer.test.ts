import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPseudonymizer, PrivacyConfigError } from './pseudonymizer.ts';

const secret = 'a-test-secret-of-32-characters!!';

describe('createPseudonymizer', () => {
  it('gives the truncated HMAC-SHA-256 of the lower-cased value in hex', () => {
    const expected = createHmac('sha256', secret).update('united').digest('hex').slice(0, 32);
    expect(createPseudonymizer(secret)('United')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is stable for one secret and differs across secrets', () => {
    const first = createPseudonymizer(secret);
    expect(first('someone')).toBe(createPseudonymizer(secret)('SomeOne'));
    expect(first('someone')).not.toBe(createPseudonymizer(`${secret}x`)('someone'));
    expect(first('someone')).not.toBe(first('someone2'));
  });

  it('rejects a short secret without echoing it', () => {
    expect(() => createPseudonymizer('short-secret')).toThrow(PrivacyConfigError);
    expect(() => createPseudonymizer('short-secret')).toThrow(
      'pseudonymization secret must be at least 16 characters, got 12',
    );
    expect(() => createPseudonymizer('exactly-16-chars')).not.toThrow();
  });
});
