import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../../src/db/data-source';
import { createTestDatabase, freePort } from '../../test/support/test-database';
import { loadBenchData } from './load';
import {
  LoadResult,
  accessToken,
  load,
  log,
  median,
  medianOf,
  postmasterPid,
  startApi,
  stop,
  untilUp,
} from './measure';

/**
 * `npm run bench:paired`: the effect of one change on the API's cost per request, measured closely enough to see a
 * few percent. The API of this checkout, the API of another checkout (BENCH_BEFORE=<folder of a checkout with its
 * dist/ built>, optional; several, comma-separated, for a bisection) and bare Express take turns on the order list
 * and search, many short rounds on a small data set; medians, and each round's difference between two APIs. The figure that moves with the code is the server's CPU per request: req/s follows whatever
 * else the shared machine does. `npm run bench` stays the measure against the targets.
 * BENCH_ORDERS, BENCH_LARGEST, BENCH_SECONDS, BENCH_ROUNDS and BENCH_CASES (list,search) change the run.
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 60_000);
const LARGEST = Number(process.env.BENCH_LARGEST ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
/** One checkout, or several separated by commas (a bisection in one run: every checkout in every round). */
const BEFORE = (process.env.BENCH_BEFORE ?? '').split(',').filter(Boolean);
const CASES = [
  { name: 'list', path: '/v1/orders?limit=25' },
  { name: 'search', path: `/v1/orders?limit=25&q=${encodeURIComponent('Løvås')}` },
].filter((c) => (process.env.BENCH_CASES ?? 'list,search').split(',').includes(c.name));

interface Server {
  name: string;
  base: string;
  headers: Record<string, string>;
  child: ChildProcess;
}

async function main(): Promise<void> {
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const database = await createTestDatabase();
  const children: ChildProcess[] = [];
  try {
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrate(dataSource);
    await dataSource.destroy();
    const data = await loadBenchData(database.url, { partners: 50, orders: ORDERS, largest: LARGEST });

    const apis: [string, string | undefined][] = [['API (this checkout)', undefined]];
    for (const checkout of BEFORE)
      apis.push([BEFORE.length === 1 ? 'API (before)' : `API (${path.basename(checkout)})`, checkout]);
    const names = [...apis.map(([name]) => name), 'bare Express 5'];
    const postmaster = await postmasterPid(database.url);
    const results = new Map<string, LoadResult[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      // Fresh processes every round: one process can stay a tenth of a millisecond per request dearer than another
      // running the same code, for its whole life (measured), so a process is a sample, not the server.
      const servers: Server[] = [];
      for (const [name, checkout] of apis) {
        const api = await startApi(database.url, checkout);
        children.push(api.child);
        const token = await accessToken(api.base, data);
        servers.push({ name, base: api.base, headers: { authorization: `Bearer ${token}` }, child: api.child });
      }
      const port = await freePort();
      const child = fork(path.join(__dirname, 'express-server.js'), [
        database.url,
        data.largestPartnerId,
        String(port),
      ]);
      children.push(child);
      await untilUp(`http://127.0.0.1:${port}/`);
      servers.push({ name: 'bare Express 5', base: `http://127.0.0.1:${port}`, headers: {}, child });
      // Who goes first turns with the round, so that a slow spell hits each server in each position.
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      for (const c of CASES) {
        // A new process compiles as it goes; the API has far more code to compile than bare Express. Unmeasured.
        for (const server of order)
          await load(`${server.base}${c.path}`, server.headers, server.child.pid!, postmaster, 3);
        for (const server of order) {
          const result = await load(`${server.base}${c.path}`, server.headers, server.child.pid!, postmaster, SECONDS);
          if (result.errors) throw new Error(`${server.name} answered ${result.errors} errors on ${c.path}`);
          const key = `${c.name}|${server.name}`;
          results.set(key, [...(results.get(key) ?? []), result]);
        }
        log(
          `${c.name} ${round}/${ROUNDS}: ${servers.map((s) => `${s.name} ${results.get(`${c.name}|${s.name}`)!.at(-1)!.cpuMsPerRequest.toFixed(3)} ms`).join(', ')}`,
        );
      }
      await Promise.all(servers.map((server) => stop(server.child)));
    }
    const lines: string[] = [];
    for (const c of CASES) {
      const express = medianOf(results.get(`${c.name}|bare Express 5`)!);
      for (const name of names) {
        const rounds = results.get(`${c.name}|${name}`)!;
        const m = medianOf(rounds);
        const cpus = rounds.map((r) => r.cpuMsPerRequest.toFixed(3)).join(' ');
        lines.push(
          `| ${c.name} | ${name} | ${m.rps.toFixed(0)} | ${(m.rps / express.rps).toFixed(2)} | ${m.cpuMsPerRequest.toFixed(3)} | ${(m.cpuMsPerRequest - express.cpuMsPerRequest).toFixed(3)} | ${cpus} |`,
        );
      }
    }
    console.log(
      `\n${ORDERS.toLocaleString('en')} orders (the largest partner ${LARGEST.toLocaleString('en')}); ${ROUNDS} rounds × ${SECONDS} s, taking turns; medians.\n`,
    );
    console.log(
      '| case | server | req/s | req/s to bare Express | CPU ms/req | over bare Express | CPU ms/req by round |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const line of lines) console.log(line);
    if (apis.length > 1) {
      // Two servers measured in the same round share that round's slow or quick spell: their difference per round
      // cancels it, where each server's own median does not. The sign test says how often chance alone would give
      // a split at least this uneven.
      console.log(
        '\n| case | this checkout minus | median difference, ms/req | quartiles | this cheaper in | sign test p |',
      );
      console.log('| --- | --- | --- | --- | --- | --- |');
      for (const c of CASES) {
        const mine = results.get(`${c.name}|${names[0]}`)!;
        for (const name of names.slice(1, -1)) {
          const theirs = results.get(`${c.name}|${name}`)!;
          const differences = mine.map((r, i) => r.cpuMsPerRequest - theirs[i].cpuMsPerRequest).sort((a, b) => a - b);
          const at = (q: number) => differences[Math.min(differences.length - 1, Math.floor(q * differences.length))];
          const cheaper = differences.filter((d) => d < 0).length;
          console.log(
            `| ${c.name} | ${name} | ${median(differences).toFixed(3)} | ${at(0.25).toFixed(3)} … ${at(0.75).toFixed(3)} | ${cheaper} of ${differences.length} | ${signTest(cheaper, differences.length).toFixed(3)} |`,
          );
        }
      }
    }
  } finally {
    for (const child of children) child.kill();
    await database.drop();
  }
}

/** Two-sided sign test: the chance of a split at least as uneven as k of n when either side is as likely. */
function signTest(k: number, n: number): number {
  const choose = (m: number): number => {
    let c = 1;
    for (let i = 1; i <= m; i++) c = (c * (n - m + i)) / i;
    return c;
  };
  const tail = Math.min(k, n - k);
  let p = 0;
  for (let i = 0; i <= tail; i++) p += choose(i) / 2 ** n;
  return Math.min(1, 2 * p);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
