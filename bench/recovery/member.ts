// One consumer-group member for bench/recovery/bench.ts: the services' consumer driver (same kafkajs
// consumer settings, heartbeats and commit step) with a chain that only commits. It prints one line
// `<epoch ms> <partition> <offset>` per partition at most every 50 ms while it consumes.
// Environment: KAFKA_BROKERS, TOPIC, GROUP, KAFKA_SESSION_TIMEOUT_MS.
import { commitOffsets, createConsumerDriver, createKafka, createLogger, createMetrics, passThrough, type RawRecord } from '@mentions/runtime';

const log = createLogger('recovery-member', 'error', process.stderr);
const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'recovery-member' }, log);
const lastPrinted = new Map<number, number>();
const driver = createConsumerDriver({
  kafka, log, groupId: process.env.GROUP!, topics: [process.env.TOPIC!],
  sessionTimeoutMs: Number(process.env.KAFKA_SESSION_TIMEOUT_MS),
  metrics: createMetrics('recovery-member', { defaultMetrics: false }),
  chain: (ctx) => {
    const commit = commitOffsets({ commit: ctx.commit, log });
    return passThrough<RawRecord>(commit, (message) => {
      const { partition, offset } = message.payload;
      const now = Date.now();
      if (now - (lastPrinted.get(partition) ?? 0) >= 50) {
        lastPrinted.set(partition, now);
        process.stdout.write(`${now} ${partition} ${offset}\n`);
      }
      commit.submit(message);
    });
  },
  onFatal: (err) => {
    log.error({ err }, 'member failed');
    process.exit(1);
  },
});
await driver.start();
process.once('SIGTERM', () => void driver.stop().then(() => process.exit(0)));
