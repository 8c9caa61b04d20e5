import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeDataDir, startServerProcess } from './support/server-process';
import { freePort } from './support/test-database';

describe('the server process on the embedded PostgreSQL', function () {
  this.timeout(90_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops cleanly on ${signal}: job queue first, the cluster last, nothing logged as an error, exit code 0`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-shutdown-'));
      try {
        const server = await startServerProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
        assert.equal(await server.stop(signal), 0, server.output());
        assert.match(server.output(), new RegExp(`${signal}: stopping`));
        const errors = server
          .output()
          .split('\n')
          .filter((line) => line.includes('"level":50'));
        assert.deepEqual(errors, [], 'no error logged while stopping');
        assert.equal(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), false, 'the cluster stopped');
      } finally {
        removeDataDir(dataDir);
      }
    });
  }
});
