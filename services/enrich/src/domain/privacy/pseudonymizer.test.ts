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

  it('equals HMAC-SHA-256 for long secrets, long and non-ASCII values, and after a long value', () => {
    const hmac = (key: string, value: string) => createHmac('sha256', key).update(value.toLowerCase(), 'utf8').digest('hex').slice(0, 32);
    const values = ['a', '', 'ÜMLAUT-ßtraße', '🛫 emoji', 'x'.repeat(100), 'é'.repeat(300), 'y'.repeat(5000), 'short again'];
    for (const key of [secret, 'k'.repeat(64), 'long-secret-'.repeat(20), 'ключ-секретный-длинный']) {
      const pseudonymize = createPseudonymizer(key);
      expect(values.map(pseudonymize)).toEqual(values.map((v) => hmac(key, v)));
    }
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
