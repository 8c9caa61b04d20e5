import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchServerProcess, removeDataDir, startServerProcess } from './support/server-process';
import { freePort } from './support/test-database';

/** A DATA_DIR inside a folder only its owner may enter (0700), as a clone in /root is. */
function privateDataDir(): { parent: string; dataDir: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-private-'));
  fs.chmodSync(parent, 0o700);
  return { parent, dataDir: path.join(parent, 'data') };
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the server process: first run, restarts', function () {
  this.timeout(120_000);

  it('starts from a folder the postgres user cannot enter, serves /health, and finds its data again on the next start', async () => {
    const { parent, dataDir } = privateDataDir();
    try {
      const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO_DATA: 'true' };
      const first = await startServerProcess(env);
      const health = await fetch(`${first.url}/health`);
      assert.equal(health.status, 200, first.output());
      assert.match(first.output(), /demo data loaded/);
      assert.equal(await first.stop(), 0, first.output());

      const second = await startServerProcess(env);
      assert.equal((await fetch(`${second.url}/health`)).status, 200);
      assert.doesNotMatch(second.output(), /demo data loaded|applied migrations/, 'the same cluster, with its data');
      assert.equal(await second.stop(), 0, second.output());
    } finally {
      removeDataDir(dataDir);
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('starts again after kill -9: the cluster the killed process left running is stopped and started anew', async () => {
    const { parent, dataDir } = privateDataDir();
    try {
      const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
      const killed = await startServerProcess(env);
      const stale = postmasterPid(dataDir);
      await killed.stop('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(alive(stale), 'the killed process left its cluster running');

      const next = await startServerProcess(env);
      assert.match(next.output(), new RegExp(`stopping the embedded PostgreSQL \\(pid ${stale}\\) left running`));
      assert.equal(alive(stale), false);
      assert.equal((await fetch(`${next.url}/health`)).status, 200);
      assert.notEqual(postmasterPid(dataDir), stale);
      assert.equal(await next.stop(), 0, next.output());
    } finally {
      removeDataDir(dataDir);
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('says in one line what is wrong and what to do when it cannot start', async () => {
    const { parent, dataDir } = privateDataDir();
    const busy = await freePort();
    try {
      const server = await startServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
      // A second process on the same data folder while the first one runs.
      const second = await launchServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(busy) }, busy);
      assert.equal(await second.exited, 1);
      const lines = second.output().trim().split('\n');
      assert.equal(lines.length, 1, second.output());
      assert.match(
        lines[0],
        /^partnerweb: could not start: the embedded PostgreSQL in .* is in use by process \d+: stop that process/,
      );
      await server.stop();

      const unreachable = await launchServerProcess(
        { DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${busy}/none` },
        busy,
      );
      assert.equal(await unreachable.exited, 1);
      assert.equal(
        unreachable.output().trim(),
        `partnerweb: could not start: cannot reach the database (postgres://nobody:***@127.0.0.1:${busy}/none): nothing answers there; check DATABASE_URL and that the server is running`,
      );
    } finally {
      removeDataDir(dataDir);
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
