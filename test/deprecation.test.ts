import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../src/app';
import { DEPRECATIONS, Deprecation } from '../src/common/deprecation';
import { PROBLEMS } from '../src/common/problem';
import { ctx } from './support/context';
import { tokenFor } from './support/fixtures';
import { spec } from './support/spec-schemas';

/** The part of scripts/finish-spec.mjs (plain JavaScript) this test calls, and what it reads of the result. */
interface FinishedOperation {
  deprecated?: boolean;
  responses: Record<string, { headers: Record<string, unknown> }>;
  parameters: { name: string; deprecated?: boolean; description: string }[];
}
type FinishSpec = (
  spec: unknown,
  problems: typeof PROBLEMS,
  deprecations: Deprecation[],
) => { partner: { paths: Record<string, Record<string, FinishedOperation>> } };

const deprecations: Deprecation[] = [
  {
    method: 'GET',
    path: '/v1/orders',
    parameter: 'q',
    since: '2027-01-01T00:00:00Z',
    sunset: '2027-07-01T00:00:00Z',
    link: '/docs#search',
  },
  {
    method: 'GET',
    path: '/v1/end-users/{endUserId}',
    since: '2027-01-01T00:00:00Z',
    sunset: '2027-07-01T00:00:00Z',
    link: '/docs#end-users',
  },
];

/** The versioning policy's mechanism: Deprecation and Sunset on what is deprecated, in the answers and in the spec. */
describe('deprecation (Deprecation and Sunset headers)', () => {
  it('answers that use a deprecated operation or parameter carry Deprecation, Sunset and a Link; others do not', async () => {
    const app = createApp(ctx().services, { deprecations });
    const token = await tokenFor('nordlys');
    const get = (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`);
    const withParameter = await get('/v1/orders?q=Nordmann').expect(200);
    assert.equal(withParameter.headers.deprecation, '@1798761600');
    assert.equal(withParameter.headers.sunset, 'Thu, 01 Jul 2027 00:00:00 GMT');
    assert.equal(withParameter.headers.link, '</docs#search>; rel="deprecation"');
    const without = await get('/v1/orders').expect(200);
    assert.equal(without.headers.deprecation, undefined);
    assert.equal(without.headers.sunset, undefined);
    const operation = await get(`/v1/end-users/${randomUUID()}`).expect(404);
    assert.equal(operation.headers.deprecation, '@1798761600');
  });

  it('the spec step marks them deprecated and declares the headers; nothing of /v1 is deprecated today', async () => {
    assert.deepEqual(DEPRECATIONS, []);
    // An ES module: import() stays import() in this CommonJS build (module node16), so it loads as the script runs.
    const { finishSpec } = (await import(
      pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'finish-spec.mjs')).href
    )) as { finishSpec: FinishSpec };
    const raw = JSON.parse(JSON.stringify(spec));
    // finishSpec takes tsoa's raw output; the committed partner spec is finished already, which it takes as well
    const { partner } = finishSpec(raw, PROBLEMS, deprecations);
    const endUser = partner.paths['/v1/end-users/{endUserId}'].get;
    assert.equal(endUser.deprecated, true);
    assert.ok(endUser.responses['200'].headers.Sunset && endUser.responses['200'].headers.Deprecation);
    const q = partner.paths['/v1/orders'].get.parameters.find((p: { name: string }) => p.name === 'q');
    assert.ok(q);
    assert.equal(q.deprecated, true);
    assert.match(q.description, /2027-07-01/);
    assert.ok(
      !Object.values(spec.paths).some((item) =>
        Object.values(item as object).some((op) => (op as { deprecated?: boolean }).deprecated),
      ),
    );
  });
});
