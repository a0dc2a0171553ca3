// A bench measurement in a process of its own (so its CPU and RSS are its own): runs `node <script> <args>`
// from the repository root and resolves with the JSON object on the last line of its stdout.
import { spawn } from 'node:child_process';
import { tsRunArgs } from '../../test/helpers/ts-run.ts';

const root = new URL('../../', import.meta.url).pathname;

export function runJsonWorker<T>(label: string, script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...tsRunArgs(), script, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    const timeout = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timeout);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`worker ${label} exited with ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}
