import { describe, expect, it } from 'vitest';
import { readMigrations, splitStatements } from './migrations.ts';

describe('splitStatements', () => {
  it('splits on line-ending semicolons and drops comment lines', () => {
    expect(splitStatements("-- a table\nCREATE TABLE a (x String DEFAULT ';') ENGINE = Log;\n\nCREATE VIEW v AS SELECT 1;\n")).toEqual([
      "CREATE TABLE a (x String DEFAULT ';') ENGINE = Log",
      'CREATE VIEW v AS SELECT 1',
    ]);
  });
});

describe('readMigrations', () => {
  it('reads the project migrations in version order', () => {
    const ms = readMigrations();
    expect(ms.length).toBeGreaterThan(0);
    expect(ms.map((m) => m.version)).toEqual([...ms.map((m) => m.version)].sort((a, b) => a - b));
    for (const m of ms) expect(m.statements.length, m.name).toBeGreaterThan(0);
  });
});
