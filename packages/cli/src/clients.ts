// Kafka and ClickHouse for the operator commands. A command fails within CLI_TIMEOUT_MS with the
// address and the reason (kafkajs alone retries a refused connection for about half a minute).
import { Writable } from 'node:stream';
import { clickhouseSpec, createClickHouse, createKafka, createLogger, kafkaSpec, positiveInt, readConfig, type ClickHouse, type Kafka } from '@mentions/runtime';

export const cliSpec = {
  CLI_TIMEOUT_MS: positiveInt({ default: 10_000, desc: 'How long a command waits for Kafka, ClickHouse or a service before it fails (exit 1)' }),
};

export type Admin = ReturnType<Kafka['admin']>;

export function readKafkaConfig() {
  return readConfig({ ...kafkaSpec, ...cliSpec });
}

export function readClickHouseConfig() {
  return readConfig({ ...clickhouseSpec, ...cliSpec });
}

/** Rejects with `message()` when `promise` has not settled within `ms`. */
export async function within<T>(ms: number, promise: Promise<T>, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface KafkaSession {
  kafka: Kafka;
  admin: Admin;
  /**
   * Runs a Kafka call, again while it fails with a retriable error (a coordinator still being
   * elected), under the deadline; a timeout names the brokers and kafkajs' last complaint.
   */
  call<T>(what: string, run: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A connected admin client; fails (exit 1) naming the brokers when none answers in time. */
export async function connectKafka(config: { KAFKA_BROKERS: string[]; CLI_TIMEOUT_MS: number }, clientId: string): Promise<KafkaSession> {
  let lastComplaint = '';
  // kafkajs reports refused connections only in its log: keep the last line as the reason.
  const logSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      try {
        const entry = JSON.parse(chunk.toString()) as { msg?: string; error?: string };
        lastComplaint = entry.error ?? entry.msg ?? lastComplaint;
      } catch { /* not a JSON line */ }
      done();
    },
  });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId }, createLogger(clientId, 'warn', logSink));
  const admin = kafka.admin();
  const call = <T>(what: string, run: () => Promise<T>) => {
    const deadline = Date.now() + config.CLI_TIMEOUT_MS;
    const attempt = async (): Promise<T> => {
      try {
        return await run();
      } catch (err) {
        if (!(err as { retriable?: boolean }).retriable || Date.now() > deadline) throw err;
        lastComplaint = (err as Error).message;
        await new Promise((r) => setTimeout(r, 200));
        return attempt();
      }
    };
    return within(config.CLI_TIMEOUT_MS, attempt(), () =>
      `Kafka did not answer (${what}) at ${config.KAFKA_BROKERS.join(',')} within ${config.CLI_TIMEOUT_MS} ms (CLI_TIMEOUT_MS)${lastComplaint ? `: ${lastComplaint}` : ''}`);
  };
  await call('connect', () => admin.connect());
  return { kafka, admin, call, close: () => admin.disconnect() };
}

export interface ClickHouseSession {
  clickhouse: ClickHouse;
  /** Runs a query; an unreachable server is named with its URL. */
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export function connectClickHouse(config: ReturnType<typeof readClickHouseConfig>): ClickHouseSession {
  const clickhouse = createClickHouse({
    url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD,
    requestTimeoutMs: config.CLI_TIMEOUT_MS,
    // A new connection per request: a command makes a few requests, and a reused socket the server
    // has just closed fails one with "socket hang up" (see migrate.ts).
    keepAlive: false,
  });
  return {
    clickhouse,
    async query<T>(sql: string) {
      try {
        return await clickhouse.query<T>(sql);
      } catch (err) {
        const e = err as Error & { code?: string };
        const where = `ClickHouse at ${config.CLICKHOUSE_URL} (database ${config.CLICKHOUSE_DATABASE})`;
        if (e.code && /^E[A-Z]+$/.test(e.code)) throw new Error(`${where} is unreachable: ${e.message || e.code}`, { cause: err });
        if (/timeout/i.test(e.message)) throw new Error(`${where} did not answer within ${config.CLI_TIMEOUT_MS} ms (CLI_TIMEOUT_MS)`, { cause: err });
        throw new Error(`${where}: ${e.message.split('\n')[0]}`, { cause: err });
      }
    },
    close: () => clickhouse.close(),
  };
}
