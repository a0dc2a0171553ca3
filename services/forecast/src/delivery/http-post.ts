// One POST to a receiver, its failure classified: no answer, a timeout, 5xx, 408 or 429 →
// RetriableError (the write step retries with backoff; nothing is committed meanwhile); any
// other non-2xx → ReceiverRejectedError: the receiver refuses these alerts and would again.
import { RetriableError } from '@mentions/runtime';

export class ReceiverRejectedError extends Error {
  override name = 'ReceiverRejectedError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface HttpPost {
  url: string;
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export async function postJson(p: HttpPost): Promise<void> {
  let res: Response;
  try {
    res = await (p.fetch ?? fetch)(p.url, {
      method: 'POST', body: p.body, headers: { 'content-type': 'application/json', ...p.headers }, signal: AbortSignal.timeout(p.timeoutMs),
    });
  } catch (err) {
    throw new RetriableError('The receiver did not answer', { cause: err });
  }
  // The URL may carry a token: errors name the status and the receiver's answer only.
  const answer = (await res.text().catch(() => '')).slice(0, 300);
  if (res.ok) return;
  if (res.status >= 500 || res.status === 408 || res.status === 429) throw new RetriableError(`The receiver answered ${res.status}: ${answer}`);
  throw new ReceiverRejectedError(res.status, `The receiver answered ${res.status}: ${answer}`);
}
