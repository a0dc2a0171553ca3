// Applies schemas/clickhouse/NNNN_<what>.sql in order, each once. Applied versions and a
// checksum are recorded in `schema_migrations`; re-running is a no-op, and an applied
// migration whose file changed stops the runner (write a new migration instead).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouse } from './client.ts';
import { quoteIdentifier, sql } from './sql.ts';

export const MIGRATIONS_DIR = new URL('../../../../schemas/clickhouse/', import.meta.url).pathname;

export interface Migration { version: number; name: string; statements: string[]; checksum: string }

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return { version: Number(file.slice(0, 4)), name: file.replace(/\.sql$/, ''), statements: splitStatements(text), checksum: createHash('sha256').update(text).digest('hex') };
    });
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1]!.version) throw new Error(`Two migrations share version ${m.version}: ${migrations[i - 1]!.name}, ${m.name}`);
  });
  return migrations;
}

/** Splits on semicolons that end a line; strips `--` comment lines. */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function migrate(ch: ClickHouse, admin: ClickHouse, migrations = readMigrations()): Promise<{ applied: string[]; skipped: string[] }> {
  await admin.command(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(ch.database)}`);
  await ch.command(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String, applied_at DateTime) ENGINE = MergeTree ORDER BY version',
  );
  const done = new Map((await ch.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations')).map((r) => [Number(r.version), r]));
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const m of migrations) {
    const previous = done.get(m.version);
    if (previous) {
      if (previous.checksum !== m.checksum) throw new Error(`Migration ${m.name} was applied with different contents (checksum ${previous.checksum.slice(0, 12)}…); add a new migration instead of editing it`);
      skipped.push(m.name);
      continue;
    }
    for (const statement of m.statements) await ch.command(statement);
    await ch.command(sql`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (${m.version}, ${m.name}, ${m.checksum}, now())`);
    applied.push(m.name);
  }
  return { applied, skipped };
}
