import { describe, expect, it } from 'vitest';
import { fingerprintBytes, rabinFingerprint } from './rabin.ts';

// Vectors from the Avro specification's test data (share/test/data/schema-tests.txt).
describe('rabinFingerprint', () => {
  it.each([
    ['"null"', 7195948357588979594n],
    ['"boolean"', -6970731678124411036n],
    ['"int"', 8247732601305521295n],
    ['"string"', -8142146995180207161n],
  ])('fingerprints %s', (schema, signed) => {
    expect(BigInt.asIntN(64, rabinFingerprint(schema))).toBe(signed);
  });

  it('writes the fingerprint little-endian', () => {
    expect(fingerprintBytes(0x0102030405060708n).toString('hex')).toBe('0807060504030201');
  });
});
