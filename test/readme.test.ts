import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeDataDir, ServerProcess, startServerProcess } from './support/server-process';
import { freePort } from './support/test-database';

/** Blocks a reader runs in a terminal of their own, or that install or start other programs: shown, not run here. */
const NOT_HERE = [/npm install|npm start|npm test|npm pack/, /npx tsx examples\//, /cat > approve\.mjs/];

/** The README's ```sh blocks, in order, as a newcomer would paste them one after another. */
function readmeShellBlocks(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1])
    .filter((block) => !NOT_HERE.some((pattern) => pattern.test(block)));
}

describe('the README runs as written', function () {
  this.timeout(600_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-readme-'));
  let server: ServerProcess;

  before(async () => {
    // Blocks that run node with the project's packages (jose for a client assertion) resolve them from here.
    fs.symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(folder, 'node_modules'));
    server = await startServerProcess({
      DATA_DIR: path.join(folder, '.data'), // the blocks read the e-mail in .data/mail, from the folder they run in
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_DEMO_DATA: 'true',
      PRODUCTION_LINE_SIMULATION: 'false', // the whole story ships and activates the card by hand
    });
  });

  after(async () => {
    await server?.stop();
    removeDataDir(path.join(folder, '.data'));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('every shell block, in order, against a fresh server with the demo data: exit 0 and the answers it promises', async () => {
    const blocks = readmeShellBlocks();
    assert.ok(blocks.length >= 6, `found ${blocks.length} blocks`);
    const script = ['set -euo pipefail', ...blocks].join('\n');
    const bash = spawn('bash', ['-c', script], {
      cwd: folder,
      env: { ...process.env, PARTNERWEB_URL: server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    bash.stdout.on('data', (chunk) => (output += chunk));
    bash.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => bash.on('exit', resolve));
    assert.equal(code, 0, `the README's blocks failed:\n${output.slice(-4000)}`);
    const tail = `\n${output.slice(-3000)}`;
    assert.doesNotMatch(output, /"status":5\d\d/, `no server error on the way${tail}`);
    assert.match(output, /the same document came back/, tail);
    // curl prints no newline after an answer, so the status read after the activation may follow it on its line
    assert.match(output, /(^|\})active$/m, `the whole story: the card is active${tail}`);
    assert.match(output, /Subject: Bestillingen din PW-\d+ er avvist/, `the rejection notice of the renewal${tail}`);
    assert.ok(fs.statSync(path.join(folder, 'approved-orders.csv')).size > 0, 'the CSV export was saved');
  });
});
