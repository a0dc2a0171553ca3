import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mentions/runtime';
import { readDashboardConfig } from './config.ts';

describe('readDashboardConfig', () => {
  it('listens on loopback port 8085 without a token by default', () => {
    const c = readDashboardConfig({});
    expect([c.HTTP_HOST, c.HTTP_PORT, c.DASHBOARD_TOKEN, c.DASHBOARD_REFRESH_MS, c.DASHBOARD_RANGE_MINUTES]).toEqual(['127.0.0.1', 8085, '', 5000, 60]);
  });

  it('takes the address and port from DASHBOARD_HOST and DASHBOARD_PORT', () => {
    const c = readDashboardConfig({ DASHBOARD_HOST: '0.0.0.0', DASHBOARD_PORT: '9000', DASHBOARD_TOKEN: 's3cret' });
    expect([c.HTTP_HOST, c.HTTP_PORT, c.DASHBOARD_TOKEN]).toEqual(['0.0.0.0', 9000, 's3cret']);
  });

  it('names every bad variable', () => {
    const read = () => readDashboardConfig({ DASHBOARD_PORT: 'eighty', DASHBOARD_MAX_ROWS: '0' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^Invalid configuration: DASHBOARD_PORT: .*; DASHBOARD_MAX_ROWS: expected a positive integer, got "0"$/);
    expect(() => readDashboardConfig({ DASHBOARD_REFRESH_MS: '10000', DASHBOARD_RANGE_MINUTES: '45' })).toThrow(
      'Invalid configuration: DASHBOARD_REFRESH_MS: expected 250 to 5000, got 10000; DASHBOARD_RANGE_MINUTES: expected one of 15, 60, 180, 360, 1440, got 45',
    );
    expect(() => readDashboardConfig({ DASHBOARD_RANGE_MINUTES: '360', DASHBOARD_MAX_RANGE_MINUTES: '180' })).toThrow(
      'Invalid configuration: DASHBOARD_RANGE_MINUTES: must not exceed DASHBOARD_MAX_RANGE_MINUTES (180), got 360',
    );
  });
});
