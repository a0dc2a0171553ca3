import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookSignature } from './webhook-signature.ts';

const T = Date.UTC(2026, 0, 5); // 1767571200 s
const body = '{"alerts":[]}';

describe('webhook signature', () => {
  it('is sha256= + hex HMAC-SHA256(secret, "<timestamp>.<body>") (checked with openssl dgst -sha256 -hmac)', () => {
    expect(webhookSignature('topsecret', 1767571200, body)).toBe('sha256=9cdea7a144e4593ad41b1a73a75d0b7817c407e057b728b42bab61b4a502a41b');
    expect(signWebhook('topsecret', T + 999, body)).toEqual({
      'x-mentions-timestamp': '1767571200',
      'x-mentions-signature': 'sha256=9cdea7a144e4593ad41b1a73a75d0b7817c407e057b728b42bab61b4a502a41b',
    });
  });

  it('verifies what it signs, and refuses a changed body, timestamp or secret, or a stale request', () => {
    const h = signWebhook('topsecret', T, body);
    const headers = { timestamp: h['x-mentions-timestamp'], signature: h['x-mentions-signature'] };
    expect(verifyWebhook('topsecret', headers, body, T + 1000)).toEqual({ ok: true });
    expect(verifyWebhook('topsecret', headers, '{"alerts":[1]}', T)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook('other', headers, body, T)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook('topsecret', { ...headers, timestamp: '1767571201' }, body, T)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook('topsecret', headers, body, T + 6 * 60_000)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook('topsecret', { ...headers, signature: 'sha256=zz' }, body, T)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhook('topsecret', { timestamp: headers.timestamp }, body, T)).toEqual({ ok: false, reason: 'missing' });
  });
});
