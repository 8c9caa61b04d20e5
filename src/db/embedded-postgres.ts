import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { StartupError } from '../common/startup-error';
import { Account, canReach, postgresAccount, reachableBinaries, relocateDataDir } from './embedded-postgres-root';
import { stopStaleCluster } from './stale-cluster';

export interface EmbeddedPostgresHandle {
  url: string;
  /** Where the cluster's files are: `dataDir`, or the folder it links to when run as root from a private folder. */
  dataDir: string;
  /** The postmaster's process id. */
  pid: number;
  stop(): Promise<void>;
}

interface Options {
  /** Folder of the cluster; created and initialised on first use, kept across restarts when persistent. */
  dataDir: string;
  port: number;
  database: string;
  /** false: the folder is deleted on stop (tests). */
  persistent: boolean;
  /** Notices for the start log (a stale cluster stopped); PostgreSQL's own output is not logged. */
  log?: (message: string) => void;
}

const PASSWORD = 'partnerweb';
const running = new Set<ChildProcess>();
// The cluster runs in its own process group (a Ctrl-C in the terminal reaches only the API, which stops it
// last); so a process that exits without stopping it still takes it along. Only kill -9 cannot: see stale-cluster.
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

/**
 * Runs the PostgreSQL binaries of the embedded-postgres package (a development dependency, loaded only here,
 * only when DATABASE_URL is unset): initdb on first use, then postgres as a child process.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const native = await binaries();
  let dataDir = path.resolve(options.dataDir);
  let nativeDir = native.dir;
  let account: Account | undefined;
  if (process.getuid?.() === 0) {
    account = postgresAccount();
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    if (!canReach(account, path.dirname(dataDir))) dataDir = relocateDataDir(dataDir);
    nativeDir = reachableBinaries(account, native.dir, native.version);
  }
  await stopStaleCluster(dataDir, log);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initdb(nativeDir, dataDir, account);
  const child = await startPostgres(nativeDir, dataDir, options.port, account);
  const admin = new Client({
    host: '127.0.0.1',
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    dataDir,
    pid: child.pid!,
    stop: async () => {
      await stopChild(child);
      if (!options.persistent) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(options.dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function binaries(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let postgres: string;
  try {
    ({ postgres } = (await import(name)) as { postgres: string });
  } catch {
    throw new StartupError(
      `DATABASE_URL is not set and the embedded PostgreSQL (${name}, a development dependency) is not installed: set DATABASE_URL to a PostgreSQL server, or run npm install`,
    );
  }
  const dir = path.dirname(path.dirname(postgres));
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

function run(command: string, args: string[], account: Account | undefined): ChildProcess {
  return spawn(command, args, {
    ...account,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

async function initdb(nativeDir: string, dataDir: string, account: Account | undefined): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (account) fs.chownSync(dataDir, account.uid, account.gid);
  const passwordFile = path.join(path.dirname(dataDir), `.pg-password-${process.pid}`);
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) fs.chownSync(passwordFile, account.uid, account.gid);
  try {
    const child = run(
      path.join(nativeDir, 'bin', 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--lc-messages=C',
      ],
      account,
    );
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', () => resolve(-1));
      child.on('close', resolve);
    });
    if (code !== 0) {
      fs.rmSync(dataDir, { recursive: true, force: true }); // a half-made cluster would fail the next start
      throw new StartupError(
        `creating the embedded PostgreSQL cluster in ${dataDir} failed (${lastError(output)}): set DATABASE_URL to a PostgreSQL server, or DATA_DIR to a writable folder`,
      );
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

function startPostgres(
  nativeDir: string,
  dataDir: string,
  port: number,
  account: Account | undefined,
): Promise<ChildProcess> {
  const child = run(
    path.join(nativeDir, 'bin', 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
    account,
  );
  running.add(child);
  child.on('exit', () => running.delete(child));
  let output = '';
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    const fail = () => {
      running.delete(child);
      const reason = lastError(output);
      reject(
        new StartupError(
          /already in use/.test(output)
            ? `the embedded PostgreSQL cannot listen on port ${port}, which is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL`
            : `the embedded PostgreSQL in ${dataDir} did not start (${reason}): set DATABASE_URL to a PostgreSQL server, or fix the cause`,
        ),
      );
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      output = (output + message).slice(-4000); // kept for the reason of a failed start
      if (message.includes('database system is ready to accept connections')) resolve(child);
    });
    child.on('error', fail);
    child.on('close', fail);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT'); // fast shutdown: open sessions are ended, the data is safe
  });
}

/** The line of PostgreSQL's output that says what went wrong. */
function lastError(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    lines.filter((line) => /FATAL|ERROR|error|cannot|could not|Permission denied/.test(line)).pop() ??
    lines.pop() ??
    'no output'
  ).replace(/^.*?(FATAL|ERROR):\s*/, '');
}
