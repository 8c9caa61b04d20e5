import assert from 'node:assert/strict';
import { Client } from 'pg';
import { ctx } from './support/context';
import { launchServerProcess, ServerProcess } from './support/server-process';
import { freePort } from './support/test-database';
import { migrations } from '../migrations';

describe('several instances on one PostgreSQL', function () {
  this.timeout(120_000);

  it('two processes starting together on a fresh database run the migrations once and both become ready', async () => {
    const name = `partnerweb_instances_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: ctx().databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(ctx().databaseUrl);
    url.pathname = `/${name}`;
    const servers: ServerProcess[] = [];
    try {
      const env = { DATABASE_URL: url.toString(), RUN_WORKERS: 'false' };
      servers.push(
        ...(await Promise.all([
          launchServerProcess(env, await freePort()),
          launchServerProcess(env, await freePort()),
        ])),
      );
      for (const server of servers) {
        for (let i = 0; !server.output().includes('listening on'); i++) {
          if (i > 900 || server.child.exitCode !== null) assert.fail(`an instance did not start:\n${server.output()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal((await fetch(`${server.url}/ready`)).status, 200);
      }
      const migrated = servers.filter((server) => server.output().includes('applied migrations'));
      assert.equal(migrated.length, 1, 'exactly one instance applied the migrations');
      const db = new Client({ connectionString: url.toString() });
      await db.connect();
      const rows = (await db.query('SELECT name, count(*)::int AS times FROM migrations GROUP BY name')).rows;
      await db.end();
      assert.equal(rows.length, migrations.length);
      assert.ok(
        rows.every((row) => row.times === 1),
        JSON.stringify(rows),
      );
      for (const server of servers) assert.equal(await server.stop(), 0, server.output());
    } finally {
      for (const server of servers) await server.stop('SIGKILL');
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
