import { describe, expect, it } from 'vitest';
import { kafkaSpec } from './base.ts';
import { ConfigError, readConfig } from './env.ts';

describe('SCHEMA_REGISTRY_URL', () => {
  it('is off by default, with a 30 s retry budget', () => {
    expect(readConfig(kafkaSpec, {})).toMatchObject({ SCHEMA_REGISTRY_URL: '', SCHEMA_REGISTRY_TIMEOUT_MS: 30000 });
    expect(readConfig(kafkaSpec, { SCHEMA_REGISTRY_URL: ' ' }).SCHEMA_REGISTRY_URL).toBe('');
  });

  it('takes an http(s) URL, without a trailing slash', () => {
    expect(readConfig(kafkaSpec, { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8085/apis/ccompat/v7/' }).SCHEMA_REGISTRY_URL).toBe('http://127.0.0.1:8085/apis/ccompat/v7');
    expect(readConfig(kafkaSpec, { SCHEMA_REGISTRY_URL: 'https://key:secret@registry.example' }).SCHEMA_REGISTRY_URL).toBe('https://key:secret@registry.example');
  });

  it('stops with the variable named when the URL is not one', () => {
    expect(() => readConfig(kafkaSpec, { SCHEMA_REGISTRY_URL: 'registry:8081' })).toThrow(
      new ConfigError([{ variable: 'SCHEMA_REGISTRY_URL', problem: 'expected an http or https URL, got "registry:8081"' }]),
    );
    expect(() => readConfig(kafkaSpec, { SCHEMA_REGISTRY_URL: 'not a url' })).toThrow(
      new ConfigError([{ variable: 'SCHEMA_REGISTRY_URL', problem: 'expected the http(s) URL of a Confluent-compatible schema registry API (e.g. http://127.0.0.1:8085/apis/ccompat/v7) or nothing, got "not a url"' }]),
    );
    expect(() => readConfig(kafkaSpec, { SCHEMA_REGISTRY_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });
});
