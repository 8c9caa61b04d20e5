import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './test-database';

/** The built server (dist/src/server.js) as its own process, the way `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the server with `env` over the test's environment (no DATABASE_URL: the embedded cluster) and waits until it listens. */
export async function startServerProcess(env: NodeJS.ProcessEnv, port?: number): Promise<ServerProcess> {
  const process_ = launchServerProcess(env, port ?? (await freePort()));
  const server = await process_;
  for (let i = 0; !server.output().includes('listening on'); i++) {
    if (i > 900 || server.child.exitCode !== null) assert.fail(`the server did not start:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}

/** Starts the server without waiting for it. */
export async function launchServerProcess(env: NodeJS.ProcessEnv, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'src', 'server.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      PORT: String(port),
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Removes a server's DATA_DIR and, when the cluster was relocated (root, private folder), the folder it links to. */
export function removeDataDir(dataDir: string): void {
  const link = path.join(dataDir, 'postgres');
  if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink())
    fs.rmSync(path.dirname(fs.readlinkSync(link)), { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
