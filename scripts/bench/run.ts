import 'reflect-metadata';
import { ChildProcess, execFile, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createDataSource, migrate } from '../../src/db/data-source';
import { exportSql } from '../../src/common/report-query';
import { safeCsvCopy } from '../../src/common/report-export';
import { ReportsService } from '../../src/reports/reports.service';
import { systemClock } from '../../src/common/clock';
import { createTestDatabase, freePort } from '../../test/support/test-database';
import { BenchData, loadBenchData } from './load';
import {
  CONNECTIONS,
  LoadResult,
  accessToken,
  load,
  log,
  median,
  medianOf,
  memoryKb,
  postmasterPid,
  startApi,
  stop,
  untilUp,
  WARM_UP_SECONDS,
} from './measure';

/**
 * `npm run bench`: the API next to a minimal baseline at scale. Loads 1,000,000 orders over 2,000 partners
 * (the largest with 200,000) into a throw-away PostgreSQL (embedded, or a new database on DATABASE_URL's
 * server), then measures side by side: order list and search with autocannon (32 connections) against the
 * API and a plain node:http + pg server running the same SQL; and the CSV export of the largest partner's
 * approved orders against psql's \copy of the same COPY statement, in rounds, with the API server's peak memory;
 * then checks the targets (issue 13): req/s ≥ 0.9 of bare Express, p99 ≤ 1.25× the baseline's, export ≤ 1.1× psql
 * under 200 MB. BENCH_ORDERS, BENCH_PARTNERS, BENCH_LARGEST, BENCH_SECONDS, BENCH_ROUNDS and BENCH_EXPORT_ROUNDS
 * change the sizes.
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 2_000);
const LARGEST = Number(process.env.BENCH_LARGEST ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The servers take turns, round after round, so that a slow spell of the shared machine hits all of them alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The export's rounds: the API and psql take turns (who goes first alternates), medians. */
const EXPORT_ROUNDS = Number(process.env.BENCH_EXPORT_ROUNDS ?? 5);
/** The targets of issue 13 part 8. */
const TARGETS = { ratioToExpress: 0.9, p99ToBaseline: 1.25, exportToPsql: 1.1, exportPeakMb: 200 };
const execFileAsync = promisify(execFile);

interface Check {
  name: string;
  result: string;
  met: boolean;
}

function check(name: string, value: number, op: '≥' | '≤' | '<', target: number, unit = '', digits = 2): Check {
  const met = op === '≥' ? value >= target : op === '≤' ? value <= target : value < target;
  return { name, result: `${value.toFixed(digits)}${unit}`, met };
}

interface ExportResult {
  rows: number;
  mb: number;
  apiSeconds: number;
  psqlSeconds: number;
  plainSeconds: number;
  apiRounds: number[];
  psqlRounds: number[];
  plainRounds: number[];
  peakMb: number;
  startMb: number;
}

/** One CSV export through the API at `base`: seconds, bytes and lines (the header included). */
async function apiExport(base: string, token: string): Promise<{ seconds: number; bytes: number; lines: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${base}/v1/reports/approved-orders?format=csv`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    // indexOf, not a loop over every byte: the runner shares the cores with the server it measures.
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) lines++;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, lines };
}

/**
 * psql's \copy of `query` to /dev/null with COPY `options`, in seconds (psql's own start included, as a client's
 * would be). Asynchronous: a blocked event loop would keep the HTTP client from retiring its idle keep-alive
 * connection before the API closes it (after 5 s), and the next export would be sent on a closed socket.
 */
async function psqlCopy(url: string, query: string, options: string): Promise<number> {
  const started = process.hrtime.bigint();
  try {
    await execFileAsync('psql', [url, '-X', '-q', '-c', `\\copy (${query}) TO '/dev/null' WITH (${options})`]);
  } catch (error) {
    throw new Error(`psql failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The export measured like the request figures: one API process (its peak RSS over all rounds is the figure),
 * one unmeasured run of each to warm the caches, then EXPORT_ROUNDS rounds in which the API and psql take turns,
 * who goes first alternating; medians. psql runs the very COPY statement the API runs (csv_safe_cell on every
 * text column, FORCE_QUOTE), and the bare query as a reference.
 */
async function measureExport(url: string, dataSource: DataSource, data: BenchData): Promise<ExportResult> {
  const exporter = await startApi(url);
  let sampler: NodeJS.Timeout | undefined;
  try {
    const token = await accessToken(exporter.base, data);
    const pid = exporter.child.pid!;
    const startKb = memoryKb(pid, 'VmRSS');
    let peakKb = startKb;
    sampler = setInterval(() => (peakKb = Math.max(peakKb, memoryKb(pid, 'VmRSS'))), 20);
    const bare = exportSql(new ReportsService(dataSource, systemClock).approvedOrders(data.largestPartnerId));
    const client = await ((dataSource.driver as PostgresDriver).master as Pool).connect();
    const copy = (await safeCsvCopy(client, bare).finally(() => client.release())).replace(/\s+/g, ' ');
    // \copy takes the query inside COPY ( … ) TO: the API's statement is COPY (<query>) TO STDOUT WITH (<options>).
    const [, query, options] = /^COPY \((.*)\) TO STDOUT WITH \((.*)\)$/.exec(copy)!;
    const psqlSame = () => psqlCopy(url, query, options);
    const plainSql = bare.replace(/\s+/g, ' ');
    const first = await apiExport(exporter.base, token);
    await psqlSame();
    const apiRounds: number[] = [];
    const psqlRounds: number[] = [];
    const plainRounds: number[] = [];
    for (let round = 1; round <= EXPORT_ROUNDS; round++) {
      const runApi = async () => apiRounds.push((await apiExport(exporter.base, token)).seconds);
      if (round % 2) {
        await runApi();
        psqlRounds.push(await psqlSame());
      } else {
        psqlRounds.push(await psqlSame());
        await runApi();
      }
      plainRounds.push(await psqlCopy(url, plainSql, 'FORMAT csv, HEADER true'));
      log(
        `export, round ${round}/${EXPORT_ROUNDS}: API ${apiRounds.at(-1)!.toFixed(2)} s, psql ${psqlRounds.at(-1)!.toFixed(2)} s (bare query ${plainRounds.at(-1)!.toFixed(2)} s)`,
      );
    }
    clearInterval(sampler);
    peakKb = Math.max(peakKb, memoryKb(pid, 'VmHWM'));
    return {
      rows: first.lines - 1,
      mb: first.bytes / 2 ** 20,
      apiSeconds: median(apiRounds),
      psqlSeconds: median(psqlRounds),
      plainSeconds: median(plainRounds),
      apiRounds,
      psqlRounds,
      plainRounds,
      peakMb: peakKb / 1024,
      startMb: startKb / 1024,
    };
  } finally {
    clearInterval(sampler);
    // Gone before the database is dropped: its job queue would log the dropped connections as errors.
    await stop(exporter.child);
  }
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
    const started = Date.now();
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
    // The last, for reference only (no target): bare Express served as the API serves its app (createAppServer), so
    // that what this saves Express itself can be told from what the API's layers cost.
    for (const [name, script, ...options] of [
      ['baseline (node:http + pg)', 'baseline-server.js'],
      ['bare Express 5 + pg', 'express-server.js'],
      ['bare Express 5 + pg, on createAppServer', 'express-server.js', 'app-server'],
    ]) {
      const port = await freePort();
      const args = [database.url, data.largestPartnerId, String(port), ...options];
      const child = fork(path.join(__dirname, script), args, { stdio: 'inherit' });
      children.push(child);
      await untilUp(`http://127.0.0.1:${port}/`);
      servers.push({ name, base: `http://127.0.0.1:${port}`, headers: {}, pid: child.pid! });
    }

    const postmaster = await postmasterPid(database.url);
    const cases = [
      { name: 'order list', path: '/v1/orders?limit=25' },
      { name: 'search', path: `/v1/orders?limit=25&q=${encodeURIComponent('Løvås')}` },
    ];
    const rows: string[] = [];
    const checks: Check[] = [];
    for (const c of cases) {
      const results = new Map<string, LoadResult[]>(servers.map((s) => [s.name, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        // Who goes first turns with the round: a server's place in the round is not the same every time.
        for (const server of servers.map((_, i) => servers[(i + round - 1) % servers.length])) {
          const result = await load(`${server.base}${c.path}`, server.headers, server.pid, postmaster, SECONDS);
          results.get(server.name)!.push(result);
          log(
            `${c.name}, round ${round}/${ROUNDS}, ${server.name}: ${result.rps.toFixed(0)} req/s, ` +
              `p99 ${result.p99.toFixed(0)} ms (${result.p99WithRamp} ms with the warm-up and the connections opening)`,
          );
        }
      }
      const medians = servers.map((server) => medianOf(results.get(server.name)!));
      const [apiM, baselineM, expressM] = medians;
      for (const [i, server] of servers.entries()) {
        const m = medians[i];
        const ratio = (m.rps / expressM.rps).toFixed(2);
        rows.push(
          `| ${c.name} | ${server.name} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(0)} | ${m.p99.toFixed(0)} | ${m.p99WithRamp} | ${m.cpuMsPerRequest.toFixed(2)} | ${Number.isNaN(m.pgCpuMsPerRequest) ? 'n/a' : m.pgCpuMsPerRequest.toFixed(2)} | ${i === 0 ? `**${ratio}**` : ratio} | ${m.errors} |`,
        );
      }
      checks.push(
        check(
          `${c.name}: req/s ≥ ${TARGETS.ratioToExpress} of bare Express`,
          apiM.rps / expressM.rps,
          '≥',
          TARGETS.ratioToExpress,
        ),
        check(
          `${c.name}: p99 ≤ ${TARGETS.p99ToBaseline}× the baseline's (${baselineM.p99.toFixed(0)} ms)`,
          apiM.p99 / baselineM.p99,
          '≤',
          TARGETS.p99ToBaseline,
          '×',
        ),
      );
    }
    for (const server of servers.slice(1)) process.kill(server.pid);
    await stop(api.child);

    const exported = await measureExport(database.url, dataSource, data);
    checks.push(
      check(
        `export: ≤ ${TARGETS.exportToPsql}× psql`,
        exported.apiSeconds / exported.psqlSeconds,
        '≤',
        TARGETS.exportToPsql,
        '×',
      ),
      check(`export: API peak RSS < ${TARGETS.exportPeakMb} MB`, exported.peakMb, '<', TARGETS.exportPeakMb, ' MB', 0),
    );
    await dataSource.destroy();

    console.log('\n## Results\n');
    console.log(
      `${ORDERS.toLocaleString('en')} orders, ${PARTNERS.toLocaleString('en')} partners, the largest with ${LARGEST.toLocaleString('en')}; autocannon ${CONNECTIONS} connections, ` +
        `${SECONDS} s measured after a ${WARM_UP_SECONDS} s warm-up on the same connections; the servers take turns for ${ROUNDS} rounds; medians. PostgreSQL CPU: the bench's own cluster only.\n`,
    );
    console.log(
      '| endpoint (largest partner) | server | req/s | p50 ms | p99 ms | p99 ms, warm-up and connections opening included | server CPU ms/req | PostgreSQL CPU ms/req | ratio to bare Express | errors |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log(
      `\nCSV export of the largest partner's approved orders (${exported.rows.toLocaleString('en')} rows, ${exported.mb.toFixed(1)} MB): ` +
        `${EXPORT_ROUNDS} rounds, the API and psql taking turns (who goes first alternates), after one unmeasured run of each; medians.\n`,
    );
    console.log('| export | median s | rounds, s | peak RSS of the API process |');
    console.log('| --- | --- | --- | --- |');
    const seconds = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
    console.log(
      `| API \`GET /v1/reports/approved-orders?format=csv\` | ${exported.apiSeconds.toFixed(2)} | ${seconds(exported.apiRounds)} | ${exported.peakMb.toFixed(0)} MB (at start ${exported.startMb.toFixed(0)} MB) |`,
    );
    console.log(
      `| \`psql \\copy\` of the API's COPY statement | ${exported.psqlSeconds.toFixed(2)} | ${seconds(exported.psqlRounds)} | |`,
    );
    console.log(
      `| \`psql \\copy\` of the bare query (no csv_safe_cell, no FORCE_QUOTE), for reference | ${exported.plainSeconds.toFixed(2)} | ${seconds(exported.plainRounds)} | |`,
    );
    console.log('\n## Against the targets\n');
    console.log('| target | result | |');
    console.log('| --- | --- | --- |');
    for (const c of checks) console.log(`| ${c.name} | ${c.result} | ${c.met ? 'met' : '**not met**'} |`);
  } finally {
    for (const child of children) child.kill();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
