import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './support/test-database';

describe('the server process on the embedded PostgreSQL', function () {
  this.timeout(90_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops cleanly on ${signal}: job queue first, the cluster last, nothing logged as an error, exit code 0`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-shutdown-'));
      fs.chmodSync(dataDir, 0o777); // run as root, the embedded cluster runs as the postgres user
      try {
        const child = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'server.js')], {
          env: {
            ...process.env,
            NODE_ENV: 'development',
            DATABASE_URL: '',
            DATA_DIR: dataDir,
            PORT: String(await freePort()),
            EMBEDDED_PG_PORT: String(await freePort()),
            SEED_DEMO_DATA: 'false',
            LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        for (let i = 0; !output.includes('listening on'); i++) {
          if (i > 600 || child.exitCode !== null) assert.fail(`the server did not start:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        child.kill(signal);
        assert.equal(await exited, 0, output);
        assert.match(output, new RegExp(`${signal}: stopping`));
        const errors = output.split('\n').filter((line) => line.includes('"level":50'));
        assert.deepEqual(errors, [], 'no error logged while stopping');
        assert.equal(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), false, 'the cluster stopped');
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
