import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../src/app';
import { ctx } from './support/context';
import { freshPartner } from './support/fixtures';
import { entraUser, newNationalId, scimClient } from './support/scim';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PARTNERWEB = 'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('SCIM 2.0 roster (issue 12 part 1)', function () {
  this.timeout(60_000);

  it('takes the sequence Entra ID sends: create, filter, PATCH replace/add, deactivate, page, delete', async () => {
    const partner = await freshPartner();
    const scim = scimClient(partner.token);
    const nationalId = newNationalId();

    // Entra ID first asks whether the user exists, by userName, then creates it.
    const none = await scim
      .get(`/Users?filter=${encodeURIComponent('userName eq "kari@nordlys.example.no"')}`)
      .expect(200);
    assert.deepEqual(none.body.schemas, [LIST]);
    assert.equal(none.body.totalResults, 0);
    const created = await scim.post('/Users', entraUser('kari@nordlys.example.no', nationalId, 'E-1')).expect(201);
    assert.match(String(created.headers['content-type']), /application\/scim\+json/);
    const id = created.body.id as string;
    assert.equal(created.body.userName, 'kari@nordlys.example.no');
    assert.equal(created.body.active, true);
    assert.equal(created.body.meta.resourceType, 'User');
    assert.equal(created.body.meta.version, 'W/"1"');
    assert.equal(created.headers.etag, 'W/"1"');
    assert.equal(created.body[PARTNERWEB], undefined, 'the national identity number is never returned');
    assert.ok(!JSON.stringify(created.body).includes(nationalId));

    // The same userName again (another case): 409 uniqueness
    const again = await scim.post('/Users', entraUser('KARI@nordlys.example.no', undefined, 'E-2')).expect(409);
    assert.deepEqual(again.body.schemas, [ERROR]);
    assert.equal(again.body.status, '409');
    assert.equal(again.body.scimType, 'uniqueness');

    // filters: userName eq (without case), externalId eq
    const byName = await scim
      .get(`/Users?filter=${encodeURIComponent('userName eq "Kari@Nordlys.example.no"')}`)
      .expect(200);
    assert.equal(byName.body.totalResults, 1);
    assert.equal(byName.body.Resources[0].id, id);
    const byExternal = await scim.get(`/Users?filter=${encodeURIComponent('externalId eq "E-1"')}`).expect(200);
    assert.equal(byExternal.body.Resources[0].id, id);

    // PATCH as Entra ID sends it: capitalised ops, replace with a path, add without one
    const patched = await scim
      .patch(`/Users/${id}`, {
        schemas: [PATCH],
        Operations: [
          { op: 'Replace', path: 'name.familyName', value: 'Nordmann-Berg' },
          { op: 'Add', value: { displayName: 'Kari Nordmann-Berg' } },
          { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Barneklinikken' },
        ],
      })
      .expect(200);
    assert.equal(patched.body.name.familyName, 'Nordmann-Berg');
    assert.equal(patched.body.displayName, 'Kari Nordmann-Berg');
    assert.equal(patched.headers.etag, 'W/"2"');

    // an outdated If-Match: 412
    const stale = await scim
      .patch(`/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'X' }] })
      .set('If-Match', 'W/"1"')
      .expect(412);
    assert.deepEqual(stale.body.schemas, [ERROR]);

    // deactivate (Entra ID's soft delete), then the user reads back inactive
    await scim
      .patch(`/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: false }] })
      .expect(200);
    const read = await scim.get(`/Users/${id}`).expect(200);
    assert.equal(read.body.active, false);
    assert.equal(read.headers.etag, 'W/"3"');

    // paging: five more users, two per page
    for (let i = 0; i < 5; i++) await scim.post('/Users', entraUser(`person${i}@nordlys.example.no`)).expect(201);
    const first = await scim.get('/Users?startIndex=1&count=2').expect(200);
    assert.equal(first.body.totalResults, 6);
    assert.equal(first.body.itemsPerPage, 2);
    assert.equal(first.body.startIndex, 1);
    assert.deepEqual(
      first.body.Resources.map((u: { userName: string }) => u.userName),
      ['kari@nordlys.example.no', 'person0@nordlys.example.no'],
    );
    const third = await scim.get('/Users?startIndex=5&count=2').expect(200);
    assert.deepEqual(
      third.body.Resources.map((u: { userName: string }) => u.userName),
      ['person3@nordlys.example.no', 'person4@nordlys.example.no'],
    );

    // delete, then 404 with a SCIM error body
    await scim.delete(`/Users/${id}`).expect(204);
    const gone = await scim.get(`/Users/${id}`).expect(404);
    assert.deepEqual(gone.body.schemas, [ERROR]);
    assert.equal(gone.body.status, '404');
  });

  it('answers the discovery endpoints and SCIM errors for bad input and bad tokens', async () => {
    const partner = await freshPartner();
    const scim = scimClient(partner.token);
    const config = await scim.get('/ServiceProviderConfig').expect(200);
    assert.equal(config.body.patch.supported, true);
    assert.equal(config.body.filter.supported, true);
    assert.equal(config.body.bulk.supported, false);
    assert.equal(config.body.etag.supported, true);
    const types = await scim.get('/ResourceTypes').expect(200);
    const user = types.body.Resources.find((t: { name: string }) => t.name === 'User');
    assert.ok(user.schemaExtensions.some((e: { schema: string }) => e.schema === PARTNERWEB));
    const schema = await scim.get(`/Schemas/${PARTNERWEB}`).expect(200);
    const attribute = schema.body.attributes.find((a: { name: string }) => a.name === 'nationalIdentityNumber');
    assert.equal(attribute.mutability, 'writeOnly');
    assert.equal(attribute.returned, 'never');

    const noUserName = await scim.post('/Users', { schemas: [USER], active: true }).expect(400);
    assert.deepEqual(noUserName.body.schemas, [ERROR]);
    const badNumber = await scim
      .post('/Users', {
        ...entraUser('x@nordlys.example.no'),
        schemas: [USER, PARTNERWEB],
        [PARTNERWEB]: { nationalIdentityNumber: '12345678901' },
      })
      .expect(400);
    assert.equal(badNumber.body.scimType, 'invalidValue');
    assert.ok(!JSON.stringify(badNumber.body).includes('12345678901'), 'the refused value is not echoed');
    const badFilter = await scim.get(`/Users?filter=${encodeURIComponent('userName xx "a"')}`).expect(400);
    assert.deepEqual(badFilter.body.schemas, [ERROR]);

    const unauthenticated = await request(ctx().app).get('/scim/v2/Users').expect(401);
    assert.deepEqual(unauthenticated.body.schemas, [ERROR]);
    await scimClient('pwscim_not-a-real-token').get('/Users').expect(401);
  });

  it("keeps each partner's roster to itself: another partner's member is 404", async () => {
    const [a, b] = [await freshPartner(), await freshPartner()];
    const created = await scimClient(a.token).post('/Users', entraUser('only-a@example.no')).expect(201);
    await scimClient(b.token).get(`/Users/${created.body.id}`).expect(404);
    await scimClient(b.token)
      .patch(`/Users/${created.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      })
      .expect(404);
    await scimClient(b.token).delete(`/Users/${created.body.id}`).expect(404);
    const listed = await scimClient(b.token).get('/Users').expect(200);
    assert.equal(listed.body.totalResults, 0);
    await b.get(`/v1/roster/members/${created.body.id}`).expect(404);
    assert.equal((await a.get(`/v1/roster/members/${created.body.id}`).expect(200)).body.active, true);
  });

  it('authenticates a directory with a SCIM token from the API, until it is revoked', async () => {
    const partner = await freshPartner();
    const made = await partner.post('/v1/roster/scim-tokens').send({ name: 'Entra ID' }).expect(201);
    assert.match(made.body.token, /^pwscim_/);
    assert.match(made.body.scimBaseUrl, /\/scim\/v2$/);
    const scim = scimClient(made.body.token);
    await scim.post('/Users', entraUser('token-user@example.no')).expect(201);
    const listed = await partner.get('/v1/roster/scim-tokens').expect(200);
    assert.equal(listed.body.data[0].token, undefined, 'the token is shown once only');
    assert.ok(listed.body.data[0].lastUsedAt);
    await partner.delete(`/v1/roster/scim-tokens/${made.body.id}`).expect(204);
    const refused = await scim.get('/Users').expect(401);
    assert.deepEqual(refused.body.schemas, [ERROR]);
  });

  describe('rate limits on /scim/v2 (shared with /v1)', () => {
    /** The test's app with other limits, on the same database (buckets are per limit: no other test's count). */
    function appWithLimits(perMinute: number, authFailuresPerMinute: number) {
      const { services } = ctx();
      return createApp({
        ...services,
        config: { ...services.config, rateLimitPerMinute: perMinute, authFailuresPerMinute },
      });
    }

    it("a directory's token has the partner's bucket: past the limit, 429 as a SCIM error with Retry-After", async () => {
      const app = appWithLimits(17, 1000);
      const partner = await freshPartner();
      const token = (await partner.post('/v1/roster/scim-tokens').send({ name: 'Okta' }).expect(201)).body.token;
      const statuses: number[] = [];
      let last: request.Response | undefined;
      for (let i = 0; i < 18; i++) {
        last = await request(app).get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${token}`);
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [...Array(17).fill(200), 429]);
      assert.match(String(last!.headers['content-type']), /application\/scim\+json/);
      assert.deepEqual(last!.body.schemas, [ERROR]);
      assert.equal(last!.body.status, '429');
      const retryAfter = Number(last!.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
      assert.match(String(last!.headers['ratelimit-policy']), /q=17; w=60/);
      // Another partner's directory is not held back by this one's bucket.
      const other = await freshPartner();
      const otherToken = (await other.post('/v1/roster/scim-tokens').send({ name: 'Okta' }).expect(201)).body.token;
      await request(app).get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${otherToken}`).expect(200);
    });

    it('guessed SCIM tokens count as failed authentication of the address: 401 until the limit, then 429', async () => {
      const app = appWithLimits(1000, 4);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await request(app).get('/scim/v2/Users').set('Authorization', `Bearer pwscim_guess${i}`);
        statuses.push(res.status);
        assert.deepEqual(res.body.schemas, [ERROR], res.text);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    });
  });
});
