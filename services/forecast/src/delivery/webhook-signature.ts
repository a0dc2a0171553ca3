// The webhook's signature: X-Mentions-Timestamp is the send time in unix seconds and
// X-Mentions-Signature is `sha256=` + hex HMAC-SHA256(secret, `<timestamp>.<raw body>`). The
// timestamp is signed so a captured request cannot be replayed later under a fresh timestamp;
// a receiver checks the HMAC over the exact bytes it received, then that the timestamp is recent.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-mentions-timestamp';
export const SIGNATURE_HEADER = 'x-mentions-signature';

export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export function signWebhook(secret: string, nowMs: number, body: string): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale' };

/** For receivers (and tests): the signature over `body`, and a timestamp within `toleranceMs` of `nowMs`. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string | null; signature?: string | null },
  body: string,
  nowMs: number,
  toleranceMs = 5 * 60_000,
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d+$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(webhookSignature(secret, Number(timestamp), body));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}
