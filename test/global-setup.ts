// Starts one Kafka and one ClickHouse for the integration tests, on free ports with a
// temporary data folder, so tests never touch a running demo. TEST_STACK selects the provider:
//   local (default)   infra/stack.sh with plain processes;
//   testcontainers    official images through a Docker engine (not available on every machine);
//   external          TEST_KAFKA_BROKERS and TEST_CLICKHOUSE_URL point at servers you run.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    clickhouseUrl: string;
  }
}

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const provider = process.env.TEST_STACK ?? 'local';
  if (provider === 'external') {
    const kafka = process.env.TEST_KAFKA_BROKERS;
    const ch = process.env.TEST_CLICKHOUSE_URL;
    if (!kafka || !ch) throw new Error('TEST_STACK=external needs TEST_KAFKA_BROKERS and TEST_CLICKHOUSE_URL');
    project.provide('kafkaBrokers', kafka);
    project.provide('clickhouseUrl', ch);
    return;
  }
  if (provider === 'testcontainers') {
    const { startContainers } = await import('./testcontainers-stack.ts');
    const stack = await startContainers();
    project.provide('kafkaBrokers', stack.kafkaBrokers);
    project.provide('clickhouseUrl', stack.clickhouseUrl);
    return () => stack.stop();
  }
  if (provider !== 'local') throw new Error(`TEST_STACK: expected local, testcontainers or external, got "${provider}"`);

  const dir = await mkdtemp(join(tmpdir(), 'mentions-test-stack-'));
  const [kafkaPort, controllerPort, httpPort, tcpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    STACK_DIR: dir,
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    CLICKHOUSE_HTTP_PORT: String(httpPort),
    CLICKHOUSE_TCP_PORT: String(tcpPort),
    KAFKA_BROKERS: '',
    CLICKHOUSE_URL: '',
  };
  const stack = (cmd: string) => run('bash', [join(root, 'infra/stack.sh'), cmd], { env, timeout: 180_000 });
  const started = Date.now();
  try {
    const { stderr } = await stack('start');
    process.stderr.write(`[test stack] ${stderr.trim().replace(/\n/g, '\n[test stack] ')} (total ${Date.now() - started} ms)\n`);
  } catch (err) {
    await stack('stop').catch(() => undefined);
    throw new Error(`Test stack did not start: ${(err as { stderr?: string }).stderr ?? err}`);
  }
  project.provide('kafkaBrokers', `127.0.0.1:${kafkaPort}`);
  project.provide('clickhouseUrl', `http://127.0.0.1:${httpPort}`);
  return async () => {
    await stack('stop').catch((err) => process.stderr.write(`[test stack] stop failed: ${err}\n`));
    await rm(dir, { recursive: true, force: true });
  };
}
