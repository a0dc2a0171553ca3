// The CLI as an operator runs it, for the integration tests: a child process with the test
// stack's environment, its exact output and exit code.
import { execFile } from 'node:child_process';
import { tsRunArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;

export interface CliResult { code: number; stdout: string; stderr: string }

export function mentions(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', ...args], { cwd: root, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
