import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { as, pendingOrder } from './support/fixtures';
import { liveServer } from './support/live-server';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/**
 * What a partner's developer does with the published package: the tarball `npm pack` makes, installed in a fresh
 * project outside this workspace (only the npm registry reached), type-checked without skipLibCheck and without
 * @types/node under node16, nodenext and bundler resolution, run as ES module and as CommonJS against a live
 * server, and the end-user client bundled for the browser.
 */
describe('the SDK package as a partner installs it', function () {
  this.timeout(240_000);
  const live = liveServer();
  let project: string;

  before(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-sdk-consumer-'));
    // `npm test` built the SDK just before (as prepack would: `npm pack` by hand runs the same build first).
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], {
      cwd: path.join(root, 'sdk'),
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed.files.map((f) => f.path);
    for (const wanted of [
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
      'dist/esm/index.js',
      'dist/esm/index.d.ts',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
    ]) {
      assert.ok(files.includes(wanted), `the tarball lacks ${wanted}`);
    }
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'partner-integration', private: true }),
    );
    await run(
      'npm',
      [
        'install',
        path.join(project, packed.filename),
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--no-package-lock',
      ],
      { cwd: project },
    );
    for (const [name, text] of Object.entries(CONSUMER_FILES)) fs.writeFileSync(path.join(project, name), text);
  });

  after(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('installs without @types/node and type-checks under node16, nodenext and bundler, without skipLibCheck', async () => {
    assert.ok(!fs.existsSync(path.join(project, 'node_modules', '@types', 'node')), 'nothing brought @types/node in');
    for (const config of ['tsconfig.node16.json', 'tsconfig.nodenext.json', 'tsconfig.bundler.json']) {
      await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], {
        cwd: project,
      }).catch((error) => {
        assert.fail(`${config}: ${error.stdout}${error.stderr}`);
      });
    }
    assert.ok(
      fs.existsSync(path.join(project, 'out', 'consumer.mjs')) &&
        fs.existsSync(path.join(project, 'out', 'consumer.cjs')),
    );
  });

  it('runs as an ES module and as CommonJS: token, pending orders page by page, approve one, follow the events feed', async () => {
    const nordlys = await as('nordlys');
    for (const kind of ['mjs', 'cjs']) {
      const order = await pendingOrder('nordlys', { company: `package ${kind}` });
      await pendingOrder('nordlys');
      await pendingOrder('nordlys');
      const { stdout } = await run(process.execPath, [path.join(project, 'out', `consumer.${kind}`)], {
        cwd: project,
        env: { PATH: process.env.PATH, PARTNERWEB_URL: live.baseUrl, ORDER_ID: order.id },
      }).catch((error) => assert.fail(`consumer.${kind}: ${error.stdout}${error.stderr}`));
      const result = JSON.parse(stdout);
      assert.ok(result.pendingSeen >= 3, `${kind}: saw ${result.pendingSeen} pending orders`);
      assert.ok(result.pages >= 2, `${kind}: read ${result.pages} pages`);
      assert.equal(result.approved, 'approved');
      assert.equal(result.event, `order.approved ${result.orderNumber}`, `${kind}: followed the feed to the approval`);
      assert.equal(
        result.userAgent,
        `partnerweb-sdk/${JSON.parse(fs.readFileSync(path.join(root, 'sdk', 'package.json'), 'utf8')).version}`,
      );
      assert.equal(result.notFound, 'NotFoundError');
      assert.equal((await nordlys.get(`/v1/orders/${order.id}`).expect(200)).body.status, 'approved');
    }
  });

  it('bundles the end-user client for the browser with esbuild: no Node built-in reached', async () => {
    const outfile = path.join(project, 'out', 'browser.js');
    await run(
      bin('esbuild'),
      ['browser.ts', '--bundle', '--platform=browser', '--format=esm', `--outfile=${outfile}`, '--log-level=warning'],
      {
        cwd: project,
      },
    ).catch((error) => assert.fail(`esbuild: ${error.stdout}${error.stderr}`));
    const bundle = fs.readFileSync(outfile, 'utf8');
    assert.match(bundle, /partnerweb-sdk\//);
    assert.doesNotMatch(bundle, /require\(["'](node:|crypto|buffer|http)/);
  });
});

/** The consumer: one source, compiled as .mts (ES module) and .cts (CommonJS); no @types/node, so `process` is declared. */
const CONSUMER = `import { NotFoundError, PartnerwebClient, type OrderSummary, type RequestOptions } from '@partnerweb/sdk';

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

async function main(): Promise<void> {
  let userAgent = '';
  const partnerweb = new PartnerwebClient({
    baseUrl: process.env.PARTNERWEB_URL!,
    clientId: 'demo-nordlys',
    clientSecret: 'nordlys-demo-secret',
    timeout: 10_000,
    fetch: (input, init) => {
      userAgent = new Headers(init?.headers).get('User-Agent') ?? '';
      return fetch(input, init);
    },
  });
  const options: RequestOptions = { maxRetries: 1 };
  const pending: OrderSummary[] = [];
  let pages = 0;
  for await (const page of (await partnerweb.orders.list({ status: 'pending', limit: 2 }, options)).iterPages()) {
    pages++;
    pending.push(...page.data);
  }
  const mine = pending.find((o) => o.id === process.env.ORDER_ID);
  if (!mine) throw new Error('the order was not among the pending ones');
  // Where the events feed ends now, so that following it shows what happens next.
  let feed = await partnerweb.events.list({ limit: 100 });
  while (feed.hasNextPage()) feed = await feed.getNextPage();
  const detail = await partnerweb.orders.get(mine.id);
  const approved = await partnerweb.orders.approve(mine.id, { ifMatch: detail.etag });
  const stop = new AbortController();
  const giveUp = setTimeout(() => stop.abort(), 15_000);
  let event = '';
  for await (const e of partnerweb.events.follow({ cursor: feed.nextCursor!, types: ['order.approved'], pollInterval: 200, signal: stop.signal })) {
    if (e.type === 'order.approved' && e.data.orderId === mine.id) {
      event = \`\${e.type} \${e.data.orderNumber}\`;
      stop.abort();
    }
  }
  clearTimeout(giveUp);
  let notFound = '';
  await partnerweb.orders.get('00000000-0000-4000-8000-000000000000').catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound = error.name;
  });
  console.log(JSON.stringify({ pendingSeen: pending.length, pages, approved: approved.status, orderNumber: approved.orderNumber, event, userAgent, notFound }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const BROWSER = `import { EndUserClient, type MyProfile } from '@partnerweb/sdk';

const client = new EndUserClient({ baseUrl: 'https://partnerweb.example', token: 'the eID token' });
export async function profile(): Promise<MyProfile> {
  return client.me.get();
}
`;

const tsconfig = (compilerOptions: Record<string, unknown>, include: string[]) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      skipLibCheck: false,
      ...compilerOptions,
    },
    include,
  });

const CONSUMER_FILES: Record<string, string> = {
  'consumer.mts': CONSUMER,
  'consumer.cts': CONSUMER,
  'browser.ts': BROWSER,
  'tsconfig.node16.json': tsconfig({ module: 'node16', moduleResolution: 'node16', outDir: 'out' }, [
    'consumer.mts',
    'consumer.cts',
  ]),
  'tsconfig.nodenext.json': tsconfig({ module: 'nodenext', moduleResolution: 'nodenext', noEmit: true }, [
    'consumer.mts',
    'consumer.cts',
  ]),
  'tsconfig.bundler.json': tsconfig({ module: 'esnext', moduleResolution: 'bundler', noEmit: true }, [
    'browser.ts',
    'consumer.mts',
  ]),
};
