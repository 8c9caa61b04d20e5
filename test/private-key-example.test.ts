import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ctx } from './support/context';
import { as } from './support/fixtures';

const root = path.join(__dirname, '..', '..');

/** examples/private-key-token.ts as a partner would run it, against the API on a real port. */
describe('examples/private-key-token.ts', function () {
  this.timeout(60_000);
  let api: Server;
  let baseUrl: string;

  before(async () => {
    // The example signs its assertion with the machine's clock, as a partner's system would: the API's agrees.
    ctx().clock.set(new Date());
    api = ctx().app.listen(0, '127.0.0.1');
    await new Promise((resolve) => api.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  after(() => {
    ctx().clock.reset();
    api?.close();
  });

  it('registers a new public key on a new client and gets a token with the private key', async () => {
    // The API's configured public URL is not this test port, so the assertion names the issuer as audience.
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['examples/private-key-token.ts'], {
      cwd: root,
      env: { ...process.env, PARTNERWEB_URL: baseUrl, PARTNERWEB_AUDIENCE: 'partnerweb' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, output);
    const clientId = /new API client (\S+)/.exec(output)?.[1];
    assert.ok(clientId, output);
    assert.match(output, /token with the private key: scope "orders:read"/);
    assert.match(output, /GET \/v1\/orders with it: 1 order/);
    const listed = (await (await as('nordlys')).get('/v1/api-clients').expect(200)).body.data.find(
      (c: { clientId: string }) => c.clientId === clientId,
    );
    assert.equal(listed.hasSecret, false);
    assert.equal(listed.keys.length, 1);
    assert.ok(listed.keys[0].lastUsedAt, 'the key records its use');
  });
});
