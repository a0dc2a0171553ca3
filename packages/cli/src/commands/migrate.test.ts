import { describe, expect, it } from 'vitest';
import { readMigrations, renderClusterBootstrap, renderClusterMigrations, SCHEMA_MIGRATIONS_DDL } from '@mentions/runtime';
import { formatPlan, migrationPlan } from './migrate.ts';

describe('migrationPlan', () => {
  it('on one server: the database, the bookkeeping table, then every migration as written', () => {
    expect(migrationPlan('mentions')).toEqual([
      { name: 'setup', statements: ['CREATE DATABASE IF NOT EXISTS `mentions`', SCHEMA_MIGRATIONS_DDL] },
      ...readMigrations(),
    ]);
  });

  it('on a cluster: the rendered bootstrap, then every migration rendered ON CLUSTER in order', () => {
    const target = { cluster: 'c1', database: 'mentions' };
    expect(migrationPlan('mentions', 'c1')).toEqual([{ name: 'setup', statements: renderClusterBootstrap(target) }, ...renderClusterMigrations(readMigrations(), target)]);
  });
});

describe('formatPlan', () => {
  it('prints each migration under its name, each statement ended by a semicolon', () => {
    expect(formatPlan([{ name: 'setup', statements: ['CREATE DATABASE IF NOT EXISTS x'] }, { name: '0001_a', statements: ['CREATE TABLE t (x UInt8) ENGINE = Log', 'DROP TABLE t'] }]))
      .toBe('-- setup\nCREATE DATABASE IF NOT EXISTS x;\n\n-- 0001_a\nCREATE TABLE t (x UInt8) ENGINE = Log;\n\nDROP TABLE t;\n');
  });
});
