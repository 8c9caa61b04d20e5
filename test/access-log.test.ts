import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../src/app';
import { createLogger } from '../src/logger';
import { ctx } from './support/context';
import { endUserWithActiveCard, tokenFor } from './support/fixtures';

/** The test's services with a logger at info that writes into `lines`: the access log as the server writes it. */
function appWithCapturedLog() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('info', sink);
  return { app: createApp({ ...ctx().services, logger }), lines };
}

describe('no national identity number in the logs (issue 10 part 8)', () => {
  it('GET /v1/end-users?q=<national id> logs the route template and no query value that can hold personal data', async () => {
    const { person } = await endUserWithActiveCard();
    const { app, lines } = appWithCapturedLog();
    const token = await tokenFor('nordlys');
    const found = await request(app)
      .get(`/v1/end-users?q=${person.nationalId}&limit=5`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    assert.equal(found.body.data.length, 1, 'the search worked');
    await request(app)
      .get(`/v1/end-users?q=${encodeURIComponent(person.familyName)}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    await request(app).get(`/v1/end-users/${person.nationalId}`).set('Authorization', `Bearer ${token}`).expect(400);
    await request(app).get(`/v1/no-such-thing/${person.nationalId}?q=${person.nationalId}`).expect(404);
    await new Promise((resolve) => setImmediate(resolve));

    const log = lines.join('\n');
    assert.ok(lines.length >= 4, `access lines written: ${log}`);
    assert.ok(!log.includes(person.nationalId), `the national id is in the log:\n${log}`);
    assert.ok(!log.includes(person.familyName), `the searched name is in the log:\n${log}`);
    const entries = lines.map((l) => JSON.parse(l)).filter((e) => e.req);
    const search = entries.find((e) => e.route === '/v1/end-users' && e.req.query?.limit === '5');
    assert.ok(search, `the search is logged by its route template:\n${log}`);
    assert.deepEqual(search.req.query, { q: '[redacted]', limit: '5' });
    assert.equal(search.req.url, undefined, 'no URL as sent');
    assert.ok(entries.some((e) => e.route === '/v1/end-users/:endUserId' && e.req.path === '/v1/end-users/[redacted]'));
    assert.ok(entries.some((e) => e.req.path === '/v1/no-such-thing/[redacted]' && e.res.statusCode === 404));
  });
});
