import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort } from '../../test/support/test-database';
import type { BenchData } from './load';

/** What the bench scripts share: starting the API, loading it with autocannon, and the CPU each process used. */
export const CONNECTIONS = 32;
const root = path.join(__dirname, '..', '..', '..');

export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export async function untilUp(url: string): Promise<void> {
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

/** 0 once the process is gone (a sampler still running while a failed run is cleaned up). */
export function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The API of the checkout at `checkout` (this one by default; its dist/ built), on the bench's database. */
export async function startApi(databaseUrl: string, checkout = root): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = fork(path.join(checkout, 'dist', 'src', 'server.js'), [], {
    cwd: checkout,
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
    // BENCH_CPU_PROFILE=<folder>: a V8 CPU profile of each API process, for finding where the time goes;
    // BENCH_PROFILE=<folder>: a profile of a known number of requests, started and stopped by signals
    // (profile-on-signal.ts; allocations.ts drives it). Summaries of either kind: profile-summary.ts.
    execArgv: [
      ...(process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
      ...(process.env.BENCH_PROFILE ? ['--require', path.join(__dirname, 'profile-on-signal.js')] : []),
    ],
  });
  const base = `http://127.0.0.1:${port}`;
  await untilUp(`${base}/health`);
  return { child, base };
}

/** Ends a server the bench started and waits until it has exited (SIGINT: the API's own orderly shutdown). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** autocannon's p99 of the whole run: the warm-up and the connections opening included. */
  p99WithRamp: number;
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
export function cpuMs(pid: number | string, endedChildren = false): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks =
      Number(fields[11]) + Number(fields[12]) + (endedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10;
  } catch {
    return 0;
  }
}

export const parentPid = (pid: number | string): number =>
  Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);

/**
 * The postmaster of the bench's database, when it runs on this machine (the parent of a backend); undefined
 * for a server elsewhere. Only its processes are counted: other PostgreSQL clusters on a shared machine
 * (other test runs) would otherwise be counted too, and one that starts or stops mid-run skews the figure.
 */
export async function postmasterPid(url: string): Promise<number | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const parent = parentPid(rows[0].pid);
    return fs.readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === 'postgres' ? parent : undefined;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/**
 * CPU time so far of the bench's PostgreSQL, in ms: the postmaster's and its children's own time, plus what
 * its ended children (backends closed by an idle pool) had used, which moves into its cutime/cstime. NaN when
 * the server is not on this machine.
 */
export function postgresCpuMs(postmaster: number | undefined): number {
  if (postmaster === undefined) return NaN;
  let total = cpuMs(postmaster, true);
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (parentPid(pid) === postmaster) total += cpuMs(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** An access token of the benchmark's API client from the API at `base`. */
export async function accessToken(base: string, data: BenchData): Promise<string> {
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

/** The unmeasured start of each load run, s: JIT, connection pools, PostgreSQL's buffers, and the connections opening. */
export const WARM_UP_SECONDS = 2;

/**
 * `seconds` of load on `url` after a warm-up on the same connections: one autocannon run, of which only the
 * responses that arrive after the warm-up count. A run of its own for the measurement would open its 32
 * connections at once, and a busy server accepts them one per turn of its event loop: the first requests on the
 * last ones waited 150–600 ms, 17 to 19 of the ~50 requests above the p99 of a 10 s run, in every server alike
 * (BENCHMARKS.md, "2026-11-28, 11:20–13:00"). Those are the client's connection ramp, not the cost of a request.
 * `p99WithRamp` is autocannon's p99 of the whole run, warm-up and ramp included, for comparison.
 */
export async function load(
  url: string,
  headers: Record<string, string>,
  pid: number,
  postmaster: number | undefined,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let cpuBefore = 0;
  let pgBefore = 0;
  let cpuAfter = 0;
  let pgAfter = 0;
  let instance: autocannon.Instance | undefined;
  const run = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      { url, headers, connections: CONNECTIONS, duration: WARM_UP_SECONDS + seconds + 0.5 },
      (error: Error | null, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance!.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (!measuring) return;
    latencies.push(responseTime);
    if (statusCode < 200 || statusCode > 299) errors++;
  });
  const started = setTimeout(() => {
    cpuBefore = cpuMs(pid);
    pgBefore = postgresCpuMs(postmaster);
    measuring = true;
  }, WARM_UP_SECONDS * 1000);
  const ended = setTimeout(
    () => {
      measuring = false;
      cpuAfter = cpuMs(pid);
      pgAfter = postgresCpuMs(postmaster);
    },
    (WARM_UP_SECONDS + seconds) * 1000,
  );
  const result = await run;
  clearTimeout(started);
  clearTimeout(ended);
  if (latencies.length === 0) throw new Error(`no answers from ${url} in the measured ${seconds} s`);
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return {
    rps: latencies.length / seconds,
    p50: percentile(0.5),
    p99: percentile(0.99),
    p99WithRamp: result.latency.p99,
    errors: errors + result.errors,
    cpuMsPerRequest: (cpuAfter - cpuBefore) / latencies.length,
    pgCpuMsPerRequest: (pgAfter - pgBefore) / latencies.length,
  };
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of each figure over the rounds (errors: the sum). */
export function medianOf(results: LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(results.map((r) => r[key]));
  return {
    rps: pick('rps'),
    p50: pick('p50'),
    p99: pick('p99'),
    p99WithRamp: pick('p99WithRamp'),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    cpuMsPerRequest: pick('cpuMsPerRequest'),
    pgCpuMsPerRequest: pick('pgCpuMsPerRequest'),
  };
}
