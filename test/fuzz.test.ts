import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { projectRoot } from '../src/common/project-root';
import { bulkPartner } from './support/bulk';
import { ctx } from './support/context';
import { asEndUser, registryPerson } from './support/fixtures';

/**
 * Property test of the whole API, generated from the committed spec: every operation gets wrong types, boundary
 * and huge values, Unicode edge cases, malformed JSON and multipart, wrong content types, forged cursors and
 * duplicated query parameters, mostly with a valid token. No answer may be 5xx, every error is problem+json,
 * and the server answers normally afterwards. Seeded: FUZZ_SEED=<seed printed below> reproduces a run,
 * FUZZ_RUNS sets how many requests (2,200 by default).
 */

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  example?: unknown;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema };
type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: string;
  bodySchema?: Schema;
  security: 'partner' | 'operator' | 'end_user' | 'none';
};
type Case = {
  method: string;
  url: string;
  auth: 'valid' | 'none' | 'forged' | 'garbage';
  security: Operation['security'];
  headers: Record<string, string>;
  body?: { type: string; data: string };
};

const spec = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'openapi', 'openapi.json'), 'utf8'));

function resolve(schema: Schema | undefined, depth = 0): Schema {
  if (!schema) return {};
  if (schema.$ref && depth < 10) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
  if (schema.allOf?.length) return resolve(schema.allOf[0], depth + 1);
  return schema;
}

const OPERATIONS: Operation[] = Object.entries(
  spec.paths as Record<string, Record<string, Record<string, never>>>,
).flatMap(([p, ops]) =>
  Object.entries(ops).map(([method, op]: [string, Record<string, never>]) => {
    const security = (op.security as Array<Record<string, string[]>> | undefined)?.[0];
    const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
    const body = Object.keys(content)[0];
    return {
      method,
      path: p,
      parameters: (op.parameters as Parameter[] | undefined) ?? [],
      body,
      bodySchema: body ? content[body].schema : undefined,
      security: !security
        ? 'none'
        : security.end_user
          ? 'end_user'
          : security.oauth2?.includes('operator')
            ? 'operator'
            : 'partner',
    } satisfies Operation;
  }),
);

// Unicode and boundary cases every string field gets to see.
const EDGE_TEXT = [
  '\ud800',
  'a\udfffb',
  '\udc00\ud800',
  '\u0000',
  'x\u0000y',
  '\u202eevil\u202c',
  '\u200f\u05d0\u05d1',
  '👩🏽‍💻',
  'e\u0301\u0301\u0301\u0301',
  '\ufeff',
  '\u2028',
  '',
  ' ',
  '\t',
  '\r\n',
  'null',
  'undefined',
  '-1',
  '0',
  '1e400',
  '９９',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '=HYPERLINK("x")',
  '{}',
  '[]',
  'x'.repeat(5000),
  'æøå ÆØÅ',
  '01017012345',
];
const hostileText = fc.oneof(
  fc.constantFrom(...EDGE_TEXT),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1, 0, -0, 2 ** 53 + 1, 2 ** 31, true, false, null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A value the schema allows (roughly): so that requests get past the first check and reach deeper code. */
function validValue(raw: Schema | undefined, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map((s) => validValue(s, name)));
  // Never a real job name: a fuzzed run of the retention or invoice job would change other tests' data.
  if (name === 'job') return fc.constant('no-such-job');
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items, name), { minLength: 1, maxLength: 3 });
    case 'object': {
      const entries = Object.entries(schema.properties ?? {}).map(([key, s]) => [key, maybeHostile(s, key)] as const);
      return fc.record(Object.fromEntries(entries), {
        requiredKeys: (schema.required ?? []).filter((k) => schema.properties?.[k]),
      });
    }
    default:
      if (schema.format === 'uuid' || /id$/i.test(name)) return fc.uuid();
      if (schema.format === 'date' || /^\\d\{4\}/.test(schema.pattern ?? '') || /From$|To$/.test(name))
        return fc.constantFrom('2026-01-01', '2026-02-29', '1900-01-01', '9999-12-31');
      if (/url/i.test(name)) return fc.constantFrom('https://10.0.0.1/hook', 'http://127.0.0.1/x', 'ftp://x');
      if (/email/i.test(name)) return fc.constantFrom('a@example.no', 'a@b', '@', 'a@example.no'.repeat(30));
      return typeof schema.example === 'string'
        ? fc.constant(schema.example)
        : fc.string({ minLength: 1, maxLength: 20 });
  }
}

const maybeHostile = (schema: Schema | undefined, name: string): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: validValue(schema, name) }, { weight: 1, arbitrary: hostileValue });

/** Percent-encodes any string, lone surrogates included (as the bytes a careless encoder would send). */
function percent(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/[A-Za-z0-9\-_.~]/.test(char)) out += char;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    else out += [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'));
const RAW_PATH_VALUES = ['%E0%A4%A', '%ED%A0%80', '%', '%zz', '%00', '..', '%2F', 'a%2Fb'];
const forgedCursor = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc
    .tuple(
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.constantFrom('-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '2026-13-45T99:99:99.999Z'),
      ),
      fc.oneof(fc.uuid(), fc.string()),
    )
    .map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
  fc.string({ unit: 'binary', maxLength: 40 }).map(percent),
);
const headerSafe = fc.string({ unit: 'binary-ascii', maxLength: 120 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, ''));

const MALFORMED_JSON = [
  '{"a":',
  '[',
  '{"x":"\\ud800"}',
  '{"x":"\\u0000"}',
  'nul',
  '{"__proto__":{"x":1}}',
  '{"a":1,"a":2}',
  '"str"',
  '1e999',
  `{"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  '\u0000',
  '{"x":"\\uD800\\uD800"}',
];
const MULTIPART = [
  [
    'multipart/form-data; boundary=XyZ',
    '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
  ],
  ['multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition\r\n\r\nx\r\n--XyZ--\r\n'],
  ['multipart/form-data', 'no boundary'],
  [
    'multipart/form-data; boundary=XyZ',
    `--XyZ\r\nContent-Disposition: form-data; name="file"; filename*=utf-8''a%00%ED%A0%80.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\r\n--XyZ--\r\n`,
  ],
  [
    'multipart/form-data; boundary=XyZ',
    '--XyZ\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--XyZ--\r\n',
  ],
] as const;

function caseOf(op: Operation, refs: { productCode: string }): fc.Arbitrary<Case> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const pathValue = (p: Parameter) =>
    fc.oneof(
      {
        weight: p.name === 'job' ? 0 : 3,
        arbitrary:
          p.name === 'code'
            ? fc.constant(refs.productCode)
            : validValue(p.schema, p.name).map((v) => percent(asText(v))),
      },
      { weight: 2, arbitrary: hostileText.map(percent) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH_VALUES) },
    );
  const queryValue = (p: Parameter): fc.Arbitrary<string[]> => {
    const one = fc.oneof(
      { weight: 3, arbitrary: validValue(p.schema, p.name).map(asText) },
      { weight: 2, arbitrary: hostileValue.map(asText) },
      { weight: p.name === 'cursor' ? 3 : 0, arbitrary: forgedCursor },
    );
    return fc.oneof(
      { weight: 4, arbitrary: one.map((v) => [v]) },
      { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) },
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
    );
  };
  const query = op.parameters.filter((p) => p.in === 'query');
  const headers = op.parameters.filter((p) => p.in === 'header');
  const body = op.body
    ? fc.oneof(
        {
          weight: op.body === 'application/json' ? 5 : 0,
          arbitrary: maybeHostile(op.bodySchema, '').map((v) => ({
            type: 'application/json',
            data: JSON.stringify(v) ?? 'null',
          })),
        },
        {
          weight: 2,
          arbitrary: fc.constantFrom(...MALFORMED_JSON).map((data) => ({ type: 'application/json', data })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              'text/plain',
              'application/xml',
              'application/x-www-form-urlencoded',
              'application/json; charset=latin1',
            )
            .map((type) => ({ type, data: 'a=1' })),
        },
        {
          weight: op.body === 'multipart/form-data' ? 5 : 1,
          arbitrary: fc.constantFrom(...MULTIPART).map(([type, data]) => ({ type, data })),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
    : fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...MALFORMED_JSON).map((data) => ({ type: 'application/json', data })),
        },
      );
  return fc
    .record({
      path: fc.tuple(...pathParams.map(pathValue), fc.constant('')),
      query: fc.tuple(...query.map(queryValue), fc.constant([] as string[])),
      extra: fc.option(fc.tuple(hostileText, hostileText), { freq: 5 }),
      headers: fc.tuple(...headers.map(() => fc.option(headerSafe, { freq: 2 })), fc.constant(null)),
      auth: fc.constantFrom<Case['auth']>(
        'valid',
        'valid',
        'valid',
        'valid',
        'valid',
        'valid',
        'none',
        'forged',
        'garbage',
      ),
      body,
    })
    .map(({ path: values, query: queryValues, extra, headers: headerValues, auth, body: sent }) => {
      let url = op.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, values[i])));
      const pairs = query.flatMap((p, i) => queryValues[i].map((v) => `${p.name}=${percent(v)}`));
      if (extra) pairs.push(`${percent(extra[0])}=${percent(extra[1])}`);
      const sentHeaders: Record<string, string> = {};
      headers.forEach((p, i) => {
        if (headerValues[i] !== null && headerValues[i] !== undefined) sentHeaders[p.name] = headerValues[i];
      });
      return {
        method: op.method,
        url: pairs.length ? `${url}?${pairs.join('&')}` : url,
        auth,
        security: op.security,
        headers: sentHeaders,
        body: sent,
      };
    });
}

/** The token endpoint is not in the spec's paths: its own hostile forms. */
const tokenCase: fc.Arbitrary<Case> = fc
  .record({
    form: fc.dictionary(
      fc.constantFrom(
        'grant_type',
        'client_id',
        'client_secret',
        'scope',
        'client_assertion',
        'client_assertion_type',
        'x',
      ),
      hostileText,
      { maxKeys: 5 },
    ),
    basic: fc.option(hostileText),
  })
  .map(({ form, basic }): Case => ({
    method: 'post',
    url: '/oauth/token',
    auth: 'none',
    security: 'none',
    headers:
      basic === null
        ? {}
        : {
            Authorization: `Basic ${Buffer.from(percent(basic) + ':' + basic.toWellFormed()).toString('base64')}`,
          },
    body: {
      type: 'application/x-www-form-urlencoded',
      data: Object.entries(form)
        .map(([k, v]) => `${k}=${percent(v)}`)
        .join('&'),
    },
  }));

describe('fuzz: every operation of the spec against hostile input (issue 10 part 2)', function () {
  this.timeout(240_000);

  it('answers no 5xx, problem+json on every error, and still answers afterwards', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const runs = Number(process.env.FUZZ_RUNS ?? 2200);
    console.log(`      fuzz seed ${seed} (FUZZ_SEED=${seed} reproduces), ${runs} requests`);

    const partner = await bulkPartner(5);
    const productCode = (
      await ctx().dataSource.query(`SELECT code FROM card_product WHERE partner_id = $1`, [partner.partnerId])
    )[0].code as string;
    const app = ctx().app;
    const partnerToken = (
      await request(app)
        .post('/oauth/token')
        .auth(partner.clientId, partner.secret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200)
    ).body.access_token;
    const operatorToken = (
      await request(app)
        .post('/oauth/token')
        .auth('demo-operator', 'operator-demo-secret')
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200)
    ).body.access_token;
    const endUserToken = (await asEndUser((await registryPerson()).nationalId)).token;
    const tokens = { partner: partnerToken, operator: operatorToken, end_user: endUserToken, none: partnerToken };

    const cases = fc.sample(
      fc.oneof(
        {
          weight: OPERATIONS.length,
          arbitrary: fc.constantFrom(...OPERATIONS).chain((op) => caseOf(op, { productCode })),
        },
        { weight: 2, arbitrary: tokenCase },
      ),
      { seed, numRuns: runs },
    );
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        let req = (request(app) as unknown as Record<string, (url: string) => request.Test>)[c.method](c.url);
        if (c.auth === 'valid' && c.security !== 'none') req = req.set('Authorization', `Bearer ${tokens[c.security]}`);
        if (c.auth === 'forged') req = req.set('Authorization', `Bearer ${tokens.partner.slice(0, -4)}AAAA`);
        if (c.auth === 'garbage') req = req.set('Authorization', 'Bearer %%%.\u00ff.x');
        for (const [name, value] of Object.entries(c.headers)) req = req.set(name, value);
        if (c.body) req = req.set('Content-Type', c.body.type).send(c.body.data);
        const res = await req.buffer(true).parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (chunk: Buffer) => chunks.push(chunk));
          r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const what = `${c.method.toUpperCase()} ${c.url.slice(0, 200)} auth=${c.auth} body=${JSON.stringify(c.body)?.slice(0, 200)}`;
        if (res.status >= 500) failures.push(`${res.status} ${what}: ${String(res.body).slice(0, 300)}`);
        else if (res.status >= 400) {
          const problem = /^application\/problem\+json/.test(res.headers['content-type'] ?? '')
            ? JSON.parse(res.body as string)
            : undefined;
          if (!problem || problem.status !== res.status)
            failures.push(`${res.status} not problem+json: ${what}: ${String(res.body).slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `      ${cases.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );

    assert.deepEqual(failures.slice(0, 15), [], `seed ${seed}: ${failures.length} bad answers`);
    await request(app).get('/health').expect(200);
    await request(app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${partnerToken}`).expect(200);
    // About 20-35 s on this two-core machine; the bound only catches a server that stalls, not a busy shared machine.
    assert.ok(seconds < 150, `the run took ${seconds} s`);
  });
});
