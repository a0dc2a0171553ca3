// Environment configuration: every service declares its variables with envalid validators;
// a missing or bad value stops the process at start with the variable's name and what is valid.
import { cleanEnv, makeValidator, str, num, bool, port, url, type ReporterOptions } from 'envalid';

export { str, num, bool, port, url };

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: Array<{ variable: string; problem: string }>;
  constructor(problems: Array<{ variable: string; problem: string }>) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.problem}`).join('; ')}`);
    this.problems = problems;
  }
}

/** Positive integer (bounds, batch sizes, ports, milliseconds). */
export const positiveInt = makeValidator<number>((input) => {
  if (!/^\d+$/.test(input.trim()) || Number(input) <= 0 || !Number.isSafeInteger(Number(input))) {
    throw new Error(`expected a positive integer, got "${input}"`);
  }
  return Number(input);
});

/** A string that must not be empty (paths, secrets). */
export const nonEmptyStr = makeValidator<string>((input) => {
  if (input.trim() === '') throw new Error('must not be empty');
  return input;
});

/** Non-negative integer. */
export const nonNegativeInt = makeValidator<number>((input) => {
  if (!/^\d+$/.test(input.trim()) || !Number.isSafeInteger(Number(input))) throw new Error(`expected an integer ≥ 0, got "${input}"`);
  return Number(input);
});

/** Comma-separated list of host:port pairs. */
export const brokerList = makeValidator<string[]>((input) => {
  const brokers = input.split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new Error('expected a comma-separated list of host:port');
  for (const b of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(b)) throw new Error(`expected host:port, got "${b}"`);
  }
  return brokers;
});

/** Reads and validates `spec` from `env`; throws ConfigError naming every bad variable. */
export function readConfig<S extends Record<string, unknown>>(spec: S, env: NodeJS.ProcessEnv = process.env) {
  return cleanEnv(env, spec as never, {
    reporter: ({ errors }: ReporterOptions<Record<string, unknown>>) => {
      const problems = Object.entries(errors).map(([variable, err]) => ({
        variable,
        problem: describeProblem(err as Error, env[variable]),
      }));
      if (problems.length > 0) throw new ConfigError(problems);
    },
  }) as unknown as { readonly [K in keyof S]: S[K] extends { _parse: (input: string) => infer T } ? T : never };
}

function describeProblem(err: Error, raw: string | undefined): string {
  if (raw === undefined || err.name === 'EnvMissingError') {
    return `required but not set${err.message && !err.message.startsWith('undefined') ? ` (${err.message})` : ''}`;
  }
  return err.message;
}
