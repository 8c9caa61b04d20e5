import { randomInt } from 'node:crypto';
import request from 'supertest';
import { syntheticNationalId } from '../../src/validation/national-id';
import { ctx } from './context';

const SCIM = 'application/scim+json';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PARTNERWEB = 'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User';

/** A SCIM client with a bearer token, as a directory sends its requests (application/scim+json). */
export function scimClient(token: string) {
  const app = ctx().app;
  const auth = `Bearer ${token}`;
  return {
    get: (url: string) => request(app).get(`/scim/v2${url}`).set('Authorization', auth).set('Accept', SCIM),
    post: (url: string, body: object) =>
      request(app)
        .post(`/scim/v2${url}`)
        .set('Authorization', auth)
        .set('Content-Type', SCIM)
        .send(JSON.stringify(body)),
    put: (url: string, body: object) =>
      request(app)
        .put(`/scim/v2${url}`)
        .set('Authorization', auth)
        .set('Content-Type', SCIM)
        .send(JSON.stringify(body)),
    patch: (url: string, body: object) =>
      request(app)
        .patch(`/scim/v2${url}`)
        .set('Authorization', auth)
        .set('Content-Type', SCIM)
        .send(JSON.stringify(body)),
    delete: (url: string) => request(app).delete(`/scim/v2${url}`).set('Authorization', auth),
  };
}

export function newNationalId(): string {
  return syntheticNationalId(`19${60 + randomInt(30)}-0${1 + randomInt(9)}-1${randomInt(9)}`, randomInt(1e9));
}

/** A user as Entra ID creates it (its default attribute mappings), with the national identity number. */
export function entraUser(userName: string, nationalId?: string, externalId = `E-${randomInt(1e6)}`) {
  return {
    schemas: [USER, ENTERPRISE, ...(nationalId ? [PARTNERWEB] : [])],
    externalId,
    userName,
    active: true,
    displayName: 'Kari Nordmann',
    emails: [{ primary: true, type: 'work', value: userName }],
    name: { formatted: 'Kari Nordmann', familyName: 'Nordmann', givenName: 'Kari' },
    [ENTERPRISE]: { employeeNumber: '10442', department: 'Akuttmottak' },
    ...(nationalId ? { [PARTNERWEB]: { nationalIdentityNumber: nationalId } } : {}),
  };
}
