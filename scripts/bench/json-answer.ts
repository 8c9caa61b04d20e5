import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { writeJsonDirectly } from '../../src/common/json-answer';
import { log, median } from './measure';

/**
 * `npm run bench:json`: what writing a JSON answer costs, Express's own `res.json` against `writeJsonDirectly`
 * (src/common/json-answer.ts). Two Express apps in this one process answer the same order page (25 orders, about
 * 13 KB, as the API's list gives them); autocannon, in a child process so that its CPU is not counted, loads each
 * in turn (BENCH_ROUNDS rounds of BENCH_SECONDS s, who goes first alternating). No database: the difference is
 * the writing alone. Prints this process's CPU per request, medians, and the paired differences.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

const at = (i: number) => new Date(Date.UTC(2026, 10, 27, 8, 0, i)).toISOString();
const id = (prefix: string, i: number) => `${prefix}0b5f0c-8a6e-4f43-9c6e-2d7a4f9e${String(1000 + i)}`;
const page = {
  data: Array.from({ length: 25 }, (_, i) => ({
    id: id('01', i),
    orderNumber: `PW-2026-${100_000 + i}`,
    kind: 'first',
    status: 'approved',
    orderedAt: at(i),
    company: 'Løvås legekontor AS',
    cardReader: false,
    cardProduct: { id: id('02', 0), name: 'eID på smartkort' },
    endUser: { id: id('03', i), name: 'Åse Løvås' },
    card: {
      id: id('04', i),
      serialNumber: `SN${5_000_000 + i}`,
      status: 'active',
      expiresOn: '2029-11-27',
      shippedAt: at(i),
    },
  })),
  nextCursor: 'eyJhdCI6IjIwMjYtMTEtMjdUMDg6MDA6MjQuMDAwWiIsImlkIjoiMDEwYjVmMGMifQ',
};

/** The load generator, when this file runs as the child: one autocannon run, its counts sent back. */
async function loadChild(url: string, seconds: number): Promise<void> {
  const result = await autocannon({ url, connections: 16, duration: seconds });
  process.send?.({ requests: result.requests.total, failed: result.non2xx + result.errors });
}

/** Requests answered by `url` in `seconds`; throws when any failed or the load generator died. */
function load(url: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['load', url, String(seconds)]);
    child.once('message', (m: { requests: number; failed: number }) =>
      m.failed ? reject(new Error(`${m.failed} requests to ${url} failed`)) : resolve(m.requests),
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before reporting`)));
  });
}

/** This process's own CPU time so far, in ms (measure.ts's cpuMs reads another process's). */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main(): Promise<void> {
  const servers = await Promise.all(
    (['Express res.json', 'written directly'] as const).map(
      (name) =>
        new Promise<{ name: string; url: string; ms: number[] }>((resolve) => {
          const app = express();
          app.set('etag', false);
          if (name === 'written directly') writeJsonDirectly(app);
          app.get('/', (_req, res) => res.status(200).json(page));
          const server = app.listen(0, '127.0.0.1', () =>
            resolve({ name, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, ms: [] }),
          );
        }),
    ),
  );
  log(`page of ${Buffer.byteLength(JSON.stringify(page))} bytes; ${ROUNDS} rounds × ${SECONDS} s, taking turns`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of round % 2 ? servers : [...servers].reverse()) {
      await load(server.url, 1); // warm-up
      const before = ownCpuMs();
      const requests = await load(server.url, SECONDS);
      server.ms.push((ownCpuMs() - before) / requests);
    }
  }
  for (const server of servers)
    console.log(
      `${server.name}: ${median(server.ms).toFixed(4)} ms of CPU a request (rounds ${server.ms.map((m) => m.toFixed(4)).join(' ')})`,
    );
  const differences = servers[1].ms.map((m, i) => m - servers[0].ms[i]);
  console.log(
    `written directly minus Express: median ${median(differences).toFixed(4)} ms a request; cheaper in ${differences.filter((d) => d < 0).length} of ${ROUNDS} rounds`,
  );
  process.exit(0);
}

if (process.argv[2] === 'load') void loadChild(process.argv[3], Number(process.argv[4]));
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
