import 'reflect-metadata';
import { ChildProcess, fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDataSource, migrate } from '../../src/db/data-source';
import { exportSql } from '../../src/common/report-query';
import { ReportsService } from '../../src/reports/reports.service';
import { systemClock } from '../../src/common/clock';
import { createTestDatabase, freePort } from '../../test/support/test-database';
import { BenchData, loadBenchData } from './load';

/**
 * `npm run bench`: the API next to a minimal baseline at scale. Loads 1,000,000 orders over 2,000 partners
 * (the largest with 200,000) into a throw-away PostgreSQL (embedded, or a new database on DATABASE_URL's
 * server), then measures side by side: order list and search with autocannon (32 connections) against the
 * API and a plain node:http + pg server running the same SQL; and the CSV export of the largest partner's
 * approved orders against psql's \copy of the same query, with the API server's peak memory.
 * BENCH_ORDERS, BENCH_PARTNERS, BENCH_LARGEST and BENCH_SECONDS change the sizes.
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 2_000);
const LARGEST = Number(process.env.BENCH_LARGEST ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
/** The servers take turns, round after round, so that a slow spell of the shared machine hits all of them alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const root = path.join(__dirname, '..', '..', '..');

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function untilUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}

async function startApi(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = fork(path.join(root, 'dist', 'src', 'server.js'), [], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO_DATA: 'false',
      RUN_WORKERS: 'false',
      PRODUCTION_LINE_SIMULATION: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: 'inherit',
    // BENCH_CPU_PROFILE=<folder>: a V8 CPU profile of each API process, for finding where the time goes.
    execArgv: process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [],
  });
  const base = `http://127.0.0.1:${port}`;
  await untilUp(`${base}/health`);
  return { child, base };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the server process per request, ms: what the server itself costs. */
  cpuMsPerRequest: number;
  /** CPU time of PostgreSQL's processes on this machine per request, ms. */
  pgCpuMsPerRequest: number;
}

/**
 * User + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat, clock ticks of 10 ms); with
 * `endedChildren`, also what its ended children had used (cutime + cstime). 0 when the process is gone.
 */
function cpuMs(pid: number | string, endedChildren = false): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks =
      Number(fields[11]) + Number(fields[12]) + (endedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10;
  } catch {
    return 0;
  }
}

/**
 * CPU time so far of PostgreSQL on this machine, in ms: every postgres process's own time plus what the
 * postmaster's ended children (backends closed by an idle pool) had used, which moves into its cutime/cstime.
 */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(pid, true);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** An access token of the benchmark's API client from the API at `base`. */
async function accessToken(base: string, data: BenchData): Promise<string> {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${data.clientId}:${data.secret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function load(url: string, headers: Record<string, string>, pid: number): Promise<LoadResult> {
  // A short warm-up (JIT, connection pools, PostgreSQL's buffers), then the measured run.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const cpuBefore = cpuMs(pid);
  const pgBefore = postgresCpuMs();
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuMsPerRequest: (cpuMs(pid) - cpuBefore) / result.requests.total,
    pgCpuMsPerRequest: (postgresCpuMs() - pgBefore) / result.requests.total,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of each figure over the rounds (errors: the sum). */
function medianOf(results: LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(results.map((r) => r[key]));
  return {
    rps: pick('rps'),
    p50: pick('p50'),
    p99: pick('p99'),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    cpuMsPerRequest: pick('cpuMsPerRequest'),
    pgCpuMsPerRequest: pick('pgCpuMsPerRequest'),
  };
}

async function main(): Promise<void> {
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  const database = await createTestDatabase();
  const children: ChildProcess[] = [];
  try {
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrate(dataSource);
    let started = Date.now();
    log(
      `loading ${ORDERS.toLocaleString('en')} orders over ${PARTNERS.toLocaleString('en')} partners (largest ${LARGEST.toLocaleString('en')}) with COPY`,
    );
    const data = await loadBenchData(database.url, { partners: PARTNERS, orders: ORDERS, largest: LARGEST });
    log(`loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const api = await startApi(database.url);
    children.push(api.child);
    const token = await accessToken(api.base, data);
    // The baseline and the bare-Express reference run the very SQL of the API (orderListQuery).
    const servers: { name: string; base: string; headers: Record<string, string>; pid: number }[] = [
      { name: 'API', base: api.base, headers: { authorization: `Bearer ${token}` }, pid: api.child.pid! },
    ];
    for (const [name, script] of [
      ['baseline (node:http + pg)', 'baseline-server.js'],
      ['bare Express 5 + pg', 'express-server.js'],
    ]) {
      const port = await freePort();
      const child = fork(path.join(__dirname, script), [database.url, data.largestPartnerId, String(port)], {
        stdio: 'inherit',
      });
      children.push(child);
      await untilUp(`http://127.0.0.1:${port}/`);
      servers.push({ name, base: `http://127.0.0.1:${port}`, headers: {}, pid: child.pid! });
    }

    const cases = [
      { name: 'order list', path: '/v1/orders?limit=25' },
      { name: 'search', path: `/v1/orders?limit=25&q=${encodeURIComponent('Løvås')}` },
    ];
    const rows: string[] = [];
    for (const c of cases) {
      const results = new Map<string, LoadResult[]>(servers.map((s) => [s.name, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        for (const server of servers) {
          const result = await load(`${server.base}${c.path}`, server.headers, server.pid);
          results.get(server.name)!.push(result);
          log(
            `${c.name}, round ${round}/${ROUNDS}, ${server.name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms`,
          );
        }
      }
      const baselineRps = medianOf(results.get(servers[1].name)!).rps;
      for (const server of servers) {
        const m = medianOf(results.get(server.name)!);
        const ratio = (m.rps / baselineRps).toFixed(2);
        rows.push(
          `| ${c.name} | ${server.name} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.cpuMsPerRequest.toFixed(2)} | ${m.pgCpuMsPerRequest.toFixed(2)} | ${server === servers[0] ? `**${ratio}**` : ratio} | ${m.errors} |`,
        );
      }
    }
    for (const server of servers.slice(1)) process.kill(server.pid);
    api.child.kill('SIGINT');

    // The export, on a fresh API process so that its peak memory is the export's.
    const exporter = await startApi(database.url);
    children.push(exporter.child);
    const exportToken = await accessToken(exporter.base, data);
    const rssBefore = memoryKb(exporter.child.pid!, 'VmRSS');
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryKb(exporter.child.pid!, 'VmRSS'))), 20);
    started = Date.now();
    const response = await fetch(`${exporter.base}/v1/reports/approved-orders?format=csv`, {
      headers: { authorization: `Bearer ${exportToken}` },
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    const apiSeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, memoryKb(exporter.child.pid!, 'VmHWM'));
    exporter.child.kill();

    const sql = exportSql(new ReportsService(dataSource, systemClock).approvedOrders(data.largestPartnerId)).replace(
      /\s+/g,
      ' ',
    );
    started = Date.now();
    const psql = spawnSync(
      'psql',
      [database.url, '-X', '-q', '-c', `\\copy (${sql}) TO '/dev/null' WITH (FORMAT csv, HEADER true)`],
      { encoding: 'utf8' },
    );
    const psqlSeconds = (Date.now() - started) / 1000;
    if (psql.status !== 0) throw new Error(`psql failed: ${psql.stderr}`);
    await dataSource.destroy();

    console.log('\n## Results\n');
    console.log(
      `${ORDERS.toLocaleString('en')} orders, ${PARTNERS.toLocaleString('en')} partners, the largest with ${LARGEST.toLocaleString('en')}; autocannon ${CONNECTIONS} connections, ` +
        `${SECONDS} s after a 2 s warm-up; the servers take turns for ${ROUNDS} rounds; medians.\n`,
    );
    console.log(
      '| endpoint (largest partner) | server | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | ratio to baseline | errors |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log(
      `\n| CSV export, approved orders of the largest partner | rows | MB | seconds | peak RSS of the API process |`,
    );
    console.log('| --- | --- | --- | --- | --- |');
    console.log(
      `| API \`GET /v1/reports/approved-orders?format=csv\` | ${(lines - 1).toLocaleString('en')} | ${(bytes / 2 ** 20).toFixed(1)} | ${apiSeconds.toFixed(2)} | ${(peak / 1024).toFixed(0)} MB (at start ${(rssBefore / 1024).toFixed(0)} MB) |`,
    );
    console.log(`| \`psql \\copy\` of the same query | | | ${psqlSeconds.toFixed(2)} | |`);
    console.log(`\nexport ratio API/psql: **${(apiSeconds / psqlSeconds).toFixed(2)}**`);
  } finally {
    for (const child of children) child.kill();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
