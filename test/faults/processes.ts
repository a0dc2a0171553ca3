// The pipeline's services as real processes, each instance on its own HTTP port with its log in a
// file: started, SIGKILLed, stopped, and asked for /readyz and /metrics.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { serviceArgs } from '../helpers/ts-run.ts';

const root = new URL('../../', import.meta.url).pathname;

export type ServiceName = 'ingest' | 'enrich' | 'aggregate' | 'forecast';
export const SERVICES: readonly ServiceName[] = ['ingest', 'enrich', 'aggregate', 'forecast'];

export interface Instance {
  service: ServiceName;
  name: string;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  startedAt: number;
}

export interface ProcessPool {
  /** Starts an instance on `port`, or on the next port of the pool's range. */
  start(service: ServiceName, port?: number): Instance;
  /** The running instances, oldest first. */
  running(service?: ServiceName): Instance[];
  kill(instance: Instance, signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null>;
  stopAll(): Promise<void>;
  /** Instances that exited without being told to (their name and exit code). */
  unexpectedExits(): string[];
}

export function createProcessPool(opts: { env: Record<string, string>; logDir: string; basePort: number }): ProcessPool {
  const instances: Instance[] = [];
  const told = new Set<Instance>();
  const unexpected: string[] = [];
  let nextPort = opts.basePort;
  let counter = 0;
  return {
    start(service, givenPort) {
      const port = givenPort ?? nextPort++;
      const name = `${service}#${++counter}`;
      const log = openSync(join(opts.logDir, `${name.replace('#', '-')}.log`), 'a');
      const child = spawn(process.execPath, serviceArgs(service), {
        cwd: root, env: { ...process.env, ...opts.env, HTTP_PORT: String(port) }, stdio: ['ignore', log, log],
      });
      closeSync(log);
      const instance: Instance = {
        service, name, port, child, startedAt: Date.now(),
        exited: new Promise((resolve) => child.on('exit', (code, signal) => {
          if (!told.has(instance)) unexpected.push(`${name} exited with ${code ?? signal}`);
          resolve(code);
        })),
      };
      instances.push(instance);
      return instance;
    },
    running: (service) => instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null && !told.has(i) && (!service || i.service === service)),
    async kill(instance, signal) {
      told.add(instance);
      instance.child.kill(signal);
      return instance.exited;
    },
    async stopAll() {
      const live = instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);
      for (const i of live) told.add(i);
      for (const i of live) i.child.kill('SIGTERM');
      const timer = setTimeout(() => { for (const i of live) if (i.child.exitCode === null) i.child.kill('SIGKILL'); }, 20_000);
      await Promise.all(live.map((i) => i.exited));
      clearTimeout(timer);
    },
    unexpectedExits: () => [...unexpected],
  };
}

export async function readyz(instance: Instance): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${instance.port}/readyz`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}

/** Sum of a metric family's samples (all labels) from an instance's /metrics; undefined when it does not answer. */
export async function metricSum(instance: Instance, family: string): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${instance.port}/metrics`, { signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${family}{`) || line.startsWith(`${family} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  } catch {
    return undefined;
  }
}
