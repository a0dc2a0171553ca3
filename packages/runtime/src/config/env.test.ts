import { describe, expect, it } from 'vitest';
import { ConfigError, brokerList, positiveInt, readConfig, str } from './env.ts';

describe('readConfig', () => {
  const spec = {
    KAFKA_BROKERS: brokerList({ default: ['127.0.0.1:9092'] }),
    BATCH_MAX_ROWS: positiveInt({ default: 5000 }),
    HASH_SECRET: str({ desc: 'secret' }),
    LOG_LEVEL: str({ choices: ['info', 'debug'], default: 'info' }),
  };

  it('applies defaults and parses values', () => {
    const c = readConfig(spec, { HASH_SECRET: 's', BATCH_MAX_ROWS: '10' });
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(c.BATCH_MAX_ROWS).toBe(10);
    expect(c.HASH_SECRET).toBe('s');
  });

  it('names every bad variable and what is valid', () => {
    let error: unknown;
    try {
      readConfig(spec, { BATCH_MAX_ROWS: '-3', KAFKA_BROKERS: 'localhost', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = Object.fromEntries((error as ConfigError).problems.map((p) => [p.variable, p.problem]));
    expect(problems.BATCH_MAX_ROWS).toBe('expected a positive integer, got "-3"');
    expect(problems.KAFKA_BROKERS).toBe('expected host:port, got "localhost"');
    expect(problems.HASH_SECRET).toMatch(/^required but not set/);
    expect(problems.LOG_LEVEL).toContain('"loud"');
    expect((error as Error).message).toMatch(/^Invalid configuration: /);
  });
});
