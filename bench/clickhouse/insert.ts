// CPU of inserting enrich's `mentions` rows into ClickHouse, per insert format, in one run:
//   JSONEachRow   the baseline: the runtime's createClickHouse().insert, as enrich sends them
//   JSONEachRow/http, TabSeparated, RowBinary   the same rows POSTed by bench/clickhouse/http-insert.ts,
//                 encoded with JSON.stringify (as the client does) or bench/clickhouse/row-encoder.ts
// then, for JSONEachRow through the runtime, 500 / 1000 / 2000 / 5000 rows per insert.
//
// Figures per 1000 rows: clickhouse-server CPU (utime and stime of its process from /proc, split),
// this process's CPU for encoding alone and for encoding + sending, rows/s, bytes per row. Each
// run inserts into a fresh copy of the table with merges stopped (insert-only, and no part files
// deleted while measuring); methods run interleaved, in rotating order, for ROUNDS rounds, and each
// figure is the median round. Merges are measured at the end (they merge the same parts whatever the format):
// OPTIMIZE FINAL of one run; and enrich's pattern at the end-to-end bench's rate: BENCH_PACED_RATE
// (16200) rows/s in inserts of each of BENCH_PACED_BATCHES (1000,5000) rows for BENCH_PACED_S (20) s, merges running.
//
// Needs a ClickHouse started by infra/stack.sh (its pid from STACK_DIR's pid file, or CLICKHOUSE_PID):
//   STACK_DIR=… CLICKHOUSE_URL=http://127.0.0.1:8123 bash scripts/env.sh node bench/clickhouse/insert.ts
// BENCH_ROWS (30000 per run), BENCH_ROUNDS (5). Last line:
//   RESULT jsoneachrow_server_ms_per_1000=… tabseparated_server_ms_per_1000=… … batch5000_server_ms_per_1000=…
import { readFileSync } from 'node:fs';
import { createClickHouse, migrate } from '@mentions/runtime';
import { sleep, stackPids } from '../lib/pipeline.ts';
import { createHttpInsert } from './http-insert.ts';
import { mentionRows } from './mention-rows.ts';
import { encodeRowBinary, encodeTabSeparated, insertColumns, parseColumnType, type Column } from './row-encoder.ts';

const URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const DATABASE = 'bench_inserts';
const ROWS = Number(process.env.BENCH_ROWS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 1000;
const BATCH_SIZES = [500, 1000, 2000, 5000];
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 16_200);
const PACED_BATCHES = (process.env.BENCH_PACED_BATCHES ?? '1000,5000').split(',').map(Number);
const PACED_S = Number(process.env.BENCH_PACED_S ?? 20);
const TICK_MS = 10; // USER_HZ = 100

const pid = Number(process.env.CLICKHOUSE_PID ?? stackPids().clickhouse);
if (!pid) throw new Error('No clickhouse-server pid: set STACK_DIR (infra/stack.sh) or CLICKHOUSE_PID');
const serverCpu = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
};
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Each round starts with the next method, so none is always first after the previous round. */
const rotate = <T>(xs: readonly T[], round: number) => xs.map((_, i) => xs[(i + round) % xs.length]!);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const per1000 = (ms: number, rows: number) => (ms * 1000) / rows;

type Rows = Array<Record<string, unknown>>;
interface Method { name: string; key: string; encode: (rows: Rows) => Buffer | string; insert: (table: string, rows: Rows) => Promise<void> }
interface Run { user: number; system: number; node: number; wall: number }

const ch = createClickHouse({ url: URL, database: DATABASE });
// Dropping the database deletes thousands of part files, which can outlast the default 30-s timeout.
const admin = createClickHouse({ url: URL, database: 'default', requestTimeoutMs: 600_000 });
const http = createHttpInsert(URL, DATABASE);

function methods(columns: Column[]): Method[] {
  const names = columns.map((c) => c.name).join(', ');
  const json = (rows: Rows) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  const tsv = (rows: Rows) => encodeTabSeparated(columns, rows);
  const binary = (rows: Rows) => encodeRowBinary(columns, rows);
  return [
    { name: 'JSONEachRow (runtime)', key: 'jsoneachrow', encode: json, insert: (t, rows) => ch.insert(t, rows) },
    { name: 'JSONEachRow/http', key: 'jsoneachrow_http', encode: json, insert: (t, rows) => http.insert(`INSERT INTO ${t} FORMAT JSONEachRow`, json(rows)) },
    { name: 'TabSeparated', key: 'tabseparated', encode: tsv, insert: (t, rows) => http.insert(`INSERT INTO ${t} (${names}) FORMAT TabSeparated`, tsv(rows)) },
    { name: 'RowBinary', key: 'rowbinary', encode: binary, insert: (t, rows) => http.insert(`INSERT INTO ${t} (${names}) FORMAT RowBinary`, binary(rows)) },
  ];
}

let tables = 0;
/** All rows in inserts of `size` rows into a fresh copy of `mentions`, merges stopped; returns the table. */
async function run(m: Method, rows: Rows, size: number, runs: Run[]): Promise<string> {
  const table = `mentions_${m.key}_${++tables}`;
  await ch.command(`CREATE TABLE ${table} AS mentions`);
  await ch.command(`SYSTEM STOP MERGES ${table}`);
  await sleep(100);
  const s0 = serverCpu();
  const n0 = nodeCpuMs();
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += size) await m.insert(table, rows.slice(i, i + size));
  const wall = performance.now() - t0;
  const node = nodeCpuMs() - n0;
  const s1 = serverCpu();
  runs.push({ user: s1.user - s0.user, system: s1.system - s0.system, node, wall });
  return table;
}

/** Encoding alone, ms per 1000 rows: the best of three passes over all batches, bodies as the socket gets them. */
function encodeMs(m: Method, rows: Rows): number {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const c0 = nodeCpuMs();
    for (let i = 0; i < rows.length; i += BATCH) {
      const body = m.encode(rows.slice(i, i + BATCH));
      if (typeof body === 'string') Buffer.from(body, 'utf8');
    }
    best = Math.min(best, nodeCpuMs() - c0);
  }
  return per1000(best, rows.length);
}

const bytesPerRow = (m: Method, rows: Rows) => {
  const body = m.encode(rows.slice(0, 5000));
  return (typeof body === 'string' ? Buffer.byteLength(body) : body.length) / Math.min(5000, rows.length);
};

const partsOf = async (table: string) =>
  (await ch.query<{ n: string }>(`SELECT count() AS n FROM system.parts WHERE database = '${DATABASE}' AND table = '${table}' AND active`))[0]!.n;

/** Row count and a sum of row hashes over every column (NULL hashed apart from any value). */
async function checksum(table: string, columns: Column[]): Promise<string> {
  const hashed = columns.map(({ name, type }) => (type.kind === 'nullable' ? `isNull(${name}), assumeNotNull(${name})` : name));
  const [r] = await ch.query<{ n: string; h: string }>(`SELECT count() AS n, sum(cityHash64(${hashed.join(', ')})) AS h FROM ${table}`);
  return `${r!.n}/${r!.h}`;
}

async function main() {
  await admin.command(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await migrate(ch, admin);
  const rows = mentionRows(ROWS);
  const tableColumns = (await ch.query<{ name: string; type: string }>(`SELECT name, type FROM system.columns WHERE database = '${DATABASE}' AND table = 'mentions'`))
    .map((c) => ({ name: c.name, type: parseColumnType(c.type) }));
  const all = methods(insertColumns('mentions', tableColumns, rows));
  const meanText = rows.reduce((s, r) => s + (typeof r.text === 'string' ? r.text.length : 0), 0) / rows.length;
  const version = (await ch.query<{ v: string }>('SELECT version() AS v'))[0]!.v;
  console.log(`node ${process.version}, clickhouse ${version} (pid ${pid}), ${ROWS.toLocaleString('en-US')} mention rows per run ` +
    `(text ${meanText.toFixed(0)} chars on average), ${ROUNDS} rounds, median round shown`);

  const i0 = serverCpu();
  await sleep(3000);
  const i1 = serverCpu();
  console.log(`clickhouse-server idle: ${((i1.user + i1.system - i0.user - i0.system) / 3).toFixed(1)} ms CPU/s (not subtracted)`);

  for (const m of all) await run(m, rows.slice(0, 5 * BATCH), BATCH, []); // warm-up
  const runs = new Map<string, Run[]>(all.map((m) => [m.key, []]));
  const sums = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const m of rotate(all, round)) sums.add(await checksum(await run(m, rows, BATCH, runs.get(m.key)!), tableColumns));
  }
  console.log(`rows stored identically by every method (count/cityHash64 of all columns): ${sums.size === 1 ? 'yes' : `NO ${[...sums].join(' ')}`}`);

  const result: string[] = [];
  const fmt = (x: number, w = 6) => x.toFixed(1).padStart(w);
  const vs = (x: number, b: number) => `(${(x / b).toFixed(2)}×)`.padStart(8);
  console.log(`\n${BATCH} rows per insert        server ms/1000 rows         node ms/1000 rows        server+node     user+node       rows/s  bytes/row`);
  console.log(`                            user  system   total          encode  encode+send                   (format-dependent)`);
  let base: { server: number; user: number; node: number; encode: number } | undefined;
  const totals: Array<{ key: string; total: number }> = [];
  for (const m of all) {
    const rs = runs.get(m.key)!;
    const user = per1000(median(rs.map((r) => r.user)), ROWS);
    const system = per1000(median(rs.map((r) => r.system)), ROWS);
    const server = per1000(median(rs.map((r) => r.user + r.system)), ROWS);
    const node = per1000(median(rs.map((r) => r.node)), ROWS);
    const rate = ROWS / (median(rs.map((r) => r.wall)) / 1000);
    const encode = encodeMs(m, rows);
    base ??= { server, user, node, encode };
    console.log(`  ${m.name.padEnd(22)} ${fmt(user)} ${fmt(system, 7)} ${fmt(server, 7)} ${vs(server, base.server)} ${fmt(encode)} ${vs(encode, base.encode)} ${fmt(node, 5)} ${vs(node, base.node)}` +
      ` ${fmt(server + node, 6)} ${vs(server + node, base.server + base.node)} ${fmt(user + node, 6)} ${vs(user + node, base.user + base.node)} ${Math.round(rate).toLocaleString('en-US').padStart(8)} ${bytesPerRow(m, rows).toFixed(0).padStart(6)}`);
    result.push(`${m.key}_server_ms_per_1000=${server.toFixed(2)}`, `${m.key}_server_user_ms_per_1000=${user.toFixed(2)}`,
      `${m.key}_encode_ms_per_1000=${encode.toFixed(2)}`, `${m.key}_node_ms_per_1000=${node.toFixed(2)}`, `${m.key}_rows_per_s=${Math.round(rate)}`);
    totals.push({ key: m.key, total: user + node });
  }
  // Server system time is the kernel creating each part's files (~80 for mentions): the same for every
  // format, and it varies with recent file deletions on the disk, so formats are ranked on the rest.
  const best = totals.slice(2).reduce((a, b) => (b.total < a.total ? b : a));
  console.log(`server system time: creating the part's files, format-independent and noisy; cheapest format on user+node: ${best.key}, ` +
    `${((1 - best.total / totals[0]!.total) * 100).toFixed(0)}% below JSONEachRow`);
  result.push(`best=${best.key}`, `best_saving_pct=${((1 - best.total / totals[0]!.total) * 100).toFixed(0)}`);

  const kept = all[0]!;
  console.log(`\nrows per insert, ${kept.name}   server ms/1000 rows (user + system)   node ms/1000 rows   inserts/s   rows/s`);
  const bySize = new Map<number, Run[]>(BATCH_SIZES.map((s) => [s, []]));
  let lastTable = '';
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of rotate(BATCH_SIZES, round)) lastTable = await run(kept, rows, size, bySize.get(size)!);
  }
  for (const size of BATCH_SIZES) {
    const rs = bySize.get(size)!;
    const server = per1000(median(rs.map((r) => r.user + r.system)), ROWS);
    const user = per1000(median(rs.map((r) => r.user)), ROWS);
    const wall = median(rs.map((r) => r.wall)) / 1000;
    console.log(`  ${String(size).padStart(5)} ${fmt(server, 24)} (${user.toFixed(1)} + ${(server - user).toFixed(1)}) ${fmt(per1000(median(rs.map((r) => r.node)), ROWS), 18)}` +
      ` ${Math.round(ROWS / size / wall).toLocaleString('en-US').padStart(11)} ${Math.round(ROWS / wall).toLocaleString('en-US').padStart(8)}`);
    result.push(`batch${size}_server_ms_per_1000=${server.toFixed(2)}`);
  }

  const parts = () => partsOf(lastTable);
  const partsBefore = await parts();
  const m0 = serverCpu();
  await ch.command(`SYSTEM START MERGES ${lastTable}`);
  await ch.command(`OPTIMIZE TABLE ${lastTable} FINAL`);
  const m1 = serverCpu();
  const merge = per1000(m1.user + m1.system - m0.user - m0.system, ROWS);
  console.log(`\nmerging the ${partsBefore} parts of the last run into ${await parts()} (OPTIMIZE FINAL): ${merge.toFixed(1)} ms server CPU per 1000 rows`);
  result.push(`merge_server_ms_per_1000=${merge.toFixed(2)}`);

  // Paced like enrich at the end-to-end rate: an insert of `size` rows every size / PACED_RATE s.
  const pacedRows = mentionRows(Math.round(PACED_RATE * PACED_S), ROWS);
  for (const size of PACED_BATCHES) {
    const table = `mentions_paced_${size}`;
    await ch.command(`CREATE TABLE ${table} AS mentions`);
    const st0 = serverCpu();
    const w0 = performance.now();
    for (let i = 0; i < pacedRows.length; i += size) {
      await sleep(Math.max(0, w0 + (i / PACED_RATE) * 1000 - performance.now()));
      await kept.insert(table, pacedRows.slice(i, i + size));
    }
    const st1 = serverCpu();
    const pacedWall = performance.now() - w0;
    let quiet = 0;
    while (quiet < 3) {
      await sleep(1000);
      const running = Number((await ch.query<{ n: string }>(`SELECT count() AS n FROM system.merges WHERE database = '${DATABASE}'`))[0]!.n);
      quiet = running === 0 ? quiet + 1 : 0;
    }
    const st2 = serverCpu();
    const cpu = (a: { user: number; system: number }, b: { user: number; system: number }) => per1000(b.user + b.system - a.user - a.system, pacedRows.length);
    console.log(`${Math.round(pacedRows.length / (pacedWall / 1000)).toLocaleString('en-US')} rows/s for ${(pacedWall / 1000).toFixed(0)} s in inserts of ${size}, merges running: ` +
      `${cpu(st0, st1).toFixed(1)} ms server CPU per 1000 rows (user ${per1000(st1.user - st0.user, pacedRows.length).toFixed(1)}), ` +
      `${cpu(st0, st2).toFixed(1)} with the merges that followed (${await partsOf(table)} parts left)`);
    result.push(`paced${size}_server_ms_per_1000=${cpu(st0, st1).toFixed(2)}`, `paced${size}_with_merges_server_ms_per_1000=${cpu(st0, st2).toFixed(2)}`);
  }
  result.push(`identical=${sums.size === 1 ? 1 : 0}`);

  await admin.command(`DROP DATABASE IF EXISTS ${DATABASE}`);
  http.close();
  await Promise.all([admin.close(), ch.close()]);
  console.log(`RESULT ${result.join(' ')}`);
}

await main();
