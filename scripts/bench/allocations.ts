import 'reflect-metadata';
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../../src/db/data-source';
import { createTestDatabase } from '../../test/support/test-database';
import { loadBenchData } from './load';
import { CONNECTIONS, accessToken, cpuMs, log, startApi, stop } from './measure';
import { type HeapNode, heapTotals } from './profile-summary';

/**
 * `npm run bench:allocations`: what one API request allocates, in KB, on the order list and search: this checkout
 * and any others (BENCH_BEFORE=<folder>[,<folder>…], each with its dist/ built). Garbage collection is paid in
 * proportion to it, and unlike CPU time it hardly moves with what else the machine does, so it shows a change of a
 * few percent in a single run. Each API gets an unmeasured warm-up, then exactly BENCH_REQUESTS requests under
 * V8's sampling heap profiler (profile-on-signal.ts); the functions that allocate most are listed.
 * BENCH_PROFILE_KIND=cpuprofile takes CPU profiles of the same requests instead, kept in the folder it prints
 * (summarise one with profile-summary.js <file> <requests>).
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const BEFORE = (process.env.BENCH_BEFORE ?? '').split(',').filter(Boolean);
const TOP = Number(process.env.BENCH_TOP ?? 12);
const CPU = process.env.BENCH_PROFILE_KIND === 'cpuprofile';
const CASES = [
  { name: 'list', path: '/v1/orders?limit=25' },
  { name: 'search', path: `/v1/orders?limit=25&q=${encodeURIComponent('Løvås')}` },
];

async function untilFile(file: string): Promise<void> {
  for (let i = 0; i < 600 && !fs.existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!fs.existsSync(file)) throw new Error(`no profile at ${file}`);
}

async function main(): Promise<void> {
  log(`${REQUESTS} requests a case and API, Node ${process.version}`);
  const database = await createTestDatabase();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-profiles-'));
  process.env.BENCH_PROFILE = folder;
  try {
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrate(dataSource);
    await dataSource.destroy();
    const data = await loadBenchData(database.url, { partners: 20, orders: 20_000, largest: 10_000 });
    const rows: string[] = [];
    for (const [name, checkout] of [['this checkout', undefined] as const, ...BEFORE.map((b) => [b, b] as const)]) {
      for (const c of CASES) {
        // A fresh process per case: the profile then holds that case's requests alone.
        const api = await startApi(database.url, checkout);
        try {
          const headers = { authorization: `Bearer ${await accessToken(api.base, data)}` };
          const url = `${api.base}${c.path}`;
          await autocannon({ url, headers, connections: CONNECTIONS, amount: 5_000 });
          const pid = api.child.pid!;
          process.kill(pid, 'SIGUSR2');
          const cpuBefore = cpuMs(pid);
          const result = await autocannon({ url, headers, connections: CONNECTIONS, amount: REQUESTS });
          const cpu = (cpuMs(pid) - cpuBefore) / REQUESTS;
          process.kill(pid, 'SIGUSR2');
          if (result.non2xx || result.errors)
            throw new Error(`${name}: ${result.non2xx + result.errors} failed requests`);
          const file = path.join(folder, `${pid}.${CPU ? 'cpuprofile' : 'heapprofile'}`);
          await untilFile(file);
          if (CPU) {
            rows.push(`| ${c.name} | ${name} | ${file} | ${cpu.toFixed(3)} |`);
            continue;
          }
          const { byFunction, total } = heapTotals(
            (JSON.parse(fs.readFileSync(file, 'utf8')) as { head: HeapNode }).head,
          );
          const kb = (bytes: number) => (bytes / 1024 / REQUESTS).toFixed(2);
          rows.push(`| ${c.name} | ${name} | ${kb(total)} | ${cpu.toFixed(3)} |`);
          console.log(
            `\n${c.name}, ${name}: ${kb(total)} KB a request; the functions that allocate most (KB a request):`,
          );
          for (const [fn, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP))
            console.log(`  ${kb(bytes).padStart(7)}  ${fn}`);
        } finally {
          await stop(api.child);
        }
      }
    }
    console.log(
      `\n| case | API | ${CPU ? 'CPU profile' : 'KB allocated a request'} | CPU ms a request (this run only; noisy) |`,
    );
    console.log('| --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
  } finally {
    if (!CPU) fs.rmSync(folder, { recursive: true, force: true });
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
