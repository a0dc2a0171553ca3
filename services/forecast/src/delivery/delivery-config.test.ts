import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mentions/runtime';
import { alertReceivers, readForecastConfig } from '../config.ts';

const problems = (env: Record<string, string>) => {
  try {
    readForecastConfig(env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
};

describe('alert delivery configuration', () => {
  it('delivers nowhere by default', () => {
    expect(alertReceivers(readForecastConfig({}))).toEqual([]);
  });

  it('starts a receiver per configured URL', () => {
    const c = readForecastConfig({ ALERTMANAGER_URL: 'http://127.0.0.1:9093', ALERT_WEBHOOK_URL: 'https://hooks.example/a', ALERT_WEBHOOK_SECRET: 'k' });
    expect(alertReceivers(c).map((r) => r.name)).toEqual(['alertmanager', 'webhook']);
    expect(c.ALERT_DELIVERY_GROUP_ID).toBe('forecast-alert-delivery');
  });

  it('names the bad variable', () => {
    expect(problems({ ALERT_WEBHOOK_URL: 'https://hooks.example/a' })).toEqual([{ variable: 'ALERT_WEBHOOK_SECRET', problem: 'required when ALERT_WEBHOOK_URL is set' }]);
    expect(problems({ ALERTMANAGER_URL: 'localhost:9093' })).toEqual([{ variable: 'ALERTMANAGER_URL', problem: 'expected an http(s) URL, got "localhost:9093"' }]);
  });
});
