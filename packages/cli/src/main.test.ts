// The CLI as an operator runs it: a child process, its output and its exit code.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tsRunArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;
const COMMANDS = ['replay', 'generate', 'train', 'evaluate', 'backfill', 'lag', 'offsets', 'dlq', 'status', 'query', 'alerts', 'queue', 'advocates', 'brands', 'erase', 'migrate', 'top', 'detect'];

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const mentions = (...args: string[]) => run(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', ...args]);

describe('mentions CLI', () => {
  it('`pnpm mentions --help` lists every command and the exit codes', async () => {
    const { code, stdout } = await run('pnpm', ['--silent', 'mentions', '--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).toContain('Exit codes:\n  0  ok\n  1  failure');
    expect(stdout).toContain('  2  usage or configuration error');
  }, 30_000);

  it('has --help on every command', async () => {
    // Two processes at a time: fourteen at once on a 2-core machine under load can take minutes.
    const results: Array<Awaited<ReturnType<typeof mentions>>> = [];
    for (let i = 0; i < COMMANDS.length; i += 2) results.push(...(await Promise.all(COMMANDS.slice(i, i + 2).map((command) => mentions(command, '--help')))));
    results.forEach(({ code, stdout }, i) => {
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: mentions ${COMMANDS[i]} [options]`);
    });
  }, 240_000);

  it('exits 2 naming a bad flag, a bad flag value, or a bad environment variable', async () => {
    const [unknown, value, config] = await Promise.all([
      mentions('replay', '--bogus', 'file.jsonl'),
      mentions('generate', '--rate', '-1'),
      run(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', 'replay', 'file.jsonl'], { KAFKA_BROKERS: 'nohost' }),
    ]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining("error: unknown option '--bogus'")]);
    expect([value.code, value.stderr]).toEqual([2, expect.stringContaining("option '--rate <perMinute>' argument '-1' is invalid. expected a positive number")]);
    expect([config.code, config.stderr]).toEqual([2, 'mentions: Invalid configuration: KAFKA_BROKERS: expected host:port, got "nohost"\n']);
  }, 30_000);
});
