import { describe, expect, it } from 'vitest';
import type { ClickHouse } from '@mentions/runtime';
import { rerunningDdlInDoubt } from './ddl-in-doubt.ts';

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });
const hangUp = () => failure('ECONNRESET', 'socket hang up');

/** A ClickHouse whose command() answers from `outcomes` in turn (undefined: success) and records the statements. */
function scripted(outcomes: Array<Error | undefined>) {
  const ran: string[] = [];
  const ch = {
    database: 'd',
    async command(statement: string) {
      ran.push(statement);
      const outcome = outcomes.shift();
      if (outcome) throw outcome;
    },
  } as unknown as ClickHouse;
  const slept: number[] = [];
  const wrapped = rerunningDdlInDoubt(ch, { attempts: 3, delayMs: (a) => 1000 * a, sleep: async (ms) => void slept.push(ms) });
  return { ran, slept, wrapped };
}

describe('rerunningDdlInDoubt', () => {
  it('runs a DDL statement again after a broken connection, waiting longer each time', async () => {
    const s = scripted([hangUp(), hangUp(), undefined]);
    await s.wrapped.command('CREATE TABLE IF NOT EXISTS t ON CLUSTER c (x UInt8) ENGINE = Log');
    expect(s.ran).toHaveLength(3);
    expect(s.slept).toEqual([1000, 2000]);
  });

  it('takes "already exists" on a rerun as the first run having taken effect', async () => {
    for (const code of ['44', '57', '82']) {
      const s = scripted([hangUp(), failure(code, `Code: ${code}, already exists`)]);
      await s.wrapped.command('ALTER TABLE t ON CLUSTER c ADD COLUMN y UInt8');
      expect(s.ran).toHaveLength(2);
    }
  });

  it('reports "already exists" on the first run, and any other server error, without a rerun', async () => {
    const first = scripted([failure('57', 'Code: 57, Table t already exists')]);
    await expect(first.wrapped.command('CREATE TABLE t (x UInt8) ENGINE = Log')).rejects.toThrow('Code: 57, Table t already exists');
    expect(first.ran).toHaveLength(1);
    const other = scripted([hangUp(), failure('62', 'Syntax error')]);
    await expect(other.wrapped.command('CREATE TABLE t (x UInt8) ENGINE = Log')).rejects.toThrow('Syntax error');
    expect(other.ran).toHaveLength(2);
  });

  it('never runs an INSERT twice, and gives up on DDL after the last attempt', async () => {
    const insert = scripted([hangUp()]);
    await expect(insert.wrapped.command("INSERT INTO schema_migrations VALUES (1, 'a', 'x', now())")).rejects.toThrow('socket hang up');
    expect(insert.ran).toHaveLength(1);
    const ddl = scripted([hangUp(), hangUp(), hangUp(), undefined]);
    await expect(ddl.wrapped.command('DROP TABLE IF EXISTS t')).rejects.toThrow('socket hang up');
    expect(ddl.ran).toHaveLength(3);
  });
});
