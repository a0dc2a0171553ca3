// Error classes by what the consumer loop does with them:
// InvalidMessageError → dead-letter topic (counted against the dead-letter limit);
// SchemaPendingError → the record is held and decoded again (its writer schema is on its way);
// retriable errors → retried with backoff, nothing committed meanwhile;
// anything unclassified → non-retriable: the consumer stops without committing.

export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The record's writer schema is being fetched (a schema registry id registered after start): the
 * decode step turns it into MessageRejected, so the record is held, not dead-lettered, and
 * decoded again on a later poll.
 */
export class SchemaPendingError extends Error {
  override name = 'SchemaPendingError';
}

export class RetriableError extends Error {
  override name = 'RetriableError';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** More than MAX_CONSECUTIVE_DEAD_LETTERS invalid records in a row on one partition; says where. */
export class DeadLetterLimitError extends Error {
  override name = 'DeadLetterLimitError';
  readonly where: { topic?: string; partition?: number; offset?: number; count?: number; limit?: number; lastError?: string };
  constructor(
    message: string,
    where: { topic?: string; partition?: number; offset?: number; count?: number; limit?: number; lastError?: string } = {},
  ) {
    super(message);
    this.where = where;
  }
  get topic() { return this.where.topic; }
  get partition() { return this.where.partition ?? 0; }
  /** Offset of the record that went over the limit. */
  get offset() { return this.where.offset ?? 0; }
  get count() { return this.where.count ?? 0; }
  get limit() { return this.where.limit ?? 0; }
}

const transientNetworkCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ECONNABORTED',
]);

// ClickHouse server error codes that clear up on their own: timeouts, too many parts/queries, memory.
const transientClickHouseCodes = new Set(['159', '160', '164', '202', '209', '210', '241', '252', '285', '319', '999']);

/** True when waiting and trying again may succeed. */
export function isRetriable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { retriable?: boolean; code?: unknown; name?: string; message?: string; type?: string };
    if (x.retriable === true) return true;
    if (typeof x.code === 'string' && transientNetworkCodes.has(x.code)) return true;
    if (x.name === 'KafkaJSNumberOfRetriesExceeded' || x.name === 'KafkaJSConnectionError' || x.name === 'KafkaJSRequestTimeoutError') return true;
    const clickHouseCode = typeof x.message === 'string' ? /^Code: (\d+)/.exec(x.message)?.[1] : undefined;
    if (clickHouseCode !== undefined) return transientClickHouseCodes.has(clickHouseCode);
    if (typeof x.message === 'string' && /socket hang up|Timeout error|other side closed|fetch failed/i.test(x.message)) return true;
  }
  return false;
}

export function errorClass(err: unknown): string {
  return err instanceof Error ? err.name || err.constructor.name : typeof err;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
