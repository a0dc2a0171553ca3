// The suite's own Kafka and ClickHouse (infra/stack.sh, on ports of its own), and stopping or
// starting one of them alone: stack.sh leaves a part alone when KAFKA_BROKERS / CLICKHOUSE_URL
// name an existing server, so naming the other one selects the part.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

export interface StackPorts { stackDir: string; kafka: number; controller: number; clickhouseHttp: number; clickhouseTcp: number }

export const DEFAULT_PORTS: StackPorts = { stackDir: '/tmp/faults-stack', kafka: 21092, controller: 21093, clickhouseHttp: 21123, clickhouseTcp: 21900 };

export function stackPorts(env: NodeJS.ProcessEnv = process.env): StackPorts {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535) throw new Error(`${name}: expected a TCP port, got "${v}"`);
    return Number(v);
  };
  return {
    stackDir: env.STACK_DIR || DEFAULT_PORTS.stackDir,
    kafka: num('KAFKA_PORT', DEFAULT_PORTS.kafka),
    controller: num('KAFKA_CONTROLLER_PORT', DEFAULT_PORTS.controller),
    clickhouseHttp: num('CLICKHOUSE_HTTP_PORT', DEFAULT_PORTS.clickhouseHttp),
    clickhouseTcp: num('CLICKHOUSE_TCP_PORT', DEFAULT_PORTS.clickhouseTcp),
  };
}

export type Part = 'kafka' | 'clickhouse' | 'both';

export function createStackControl(p: StackPorts) {
  const brokers = `127.0.0.1:${p.kafka}`;
  const clickhouseUrl = `http://127.0.0.1:${p.clickhouseHttp}`;
  const stack = async (command: 'start' | 'stop', part: Part) => {
    const env = {
      ...process.env, STACK_DIR: p.stackDir, KAFKA_PORT: String(p.kafka), KAFKA_CONTROLLER_PORT: String(p.controller),
      CLICKHOUSE_HTTP_PORT: String(p.clickhouseHttp), CLICKHOUSE_TCP_PORT: String(p.clickhouseTcp),
      KAFKA_BROKERS: part === 'clickhouse' ? brokers : '',
      CLICKHOUSE_URL: part === 'kafka' ? clickhouseUrl : '',
    };
    const { stderr } = await run('bash', [`${root}infra/stack.sh`, command], { env, timeout: 180_000 });
    return stderr.trim();
  };
  return {
    brokers,
    clickhouseUrl,
    start: (part: Part = 'both') => stack('start', part),
    stop: (part: Part = 'both') => stack('stop', part),
  };
}
export type StackControl = ReturnType<typeof createStackControl>;
