import { randomInt } from 'node:crypto';
import request from 'supertest';
import { DEMO_CLIENTS, DEMO_OPERATOR_CLIENT, DEMO_PARTNERS } from '../../src/demo/demo-data';
import { placeOrder } from '../../src/orders/order-state-machine';
import { syntheticNationalId } from '../../src/validation/national-id';
import { bulkPartner } from './bulk';
import { ctx } from './context';

export type DemoPartner = 'nordlys' | 'fjordheim';

/** Tokens reused within a run until a minute before they expire (a slow run outlasts the 15 minutes). */
const tokens = new Map<string, { token: string; renewAt: number }>();

/** An access token of a demo partner's client, fetched over HTTP from the token endpoint. */
export async function tokenFor(partner: DemoPartner, scope?: string): Promise<string> {
  const key = `${partner} ${scope ?? ''}`;
  const cached = tokens.get(key);
  if (cached && Date.now() < cached.renewAt) return cached.token;
  const client = DEMO_CLIENTS.find((c) => c.partner === partner)!;
  const form: Record<string, string> = { grant_type: 'client_credentials' };
  if (scope) form.scope = scope;
  const response = await request(ctx().app)
    .post('/oauth/token')
    .auth(client.clientId, client.secret)
    .type('form')
    .send(form)
    .expect(200);
  tokens.set(key, { token: response.body.access_token, renewAt: Date.now() + (response.body.expires_in - 60) * 1000 });
  return response.body.access_token;
}

/** supertest against the app with a demo partner's bearer token. */
export async function as(partner: DemoPartner, scope?: string) {
  const token = await tokenFor(partner, scope);
  const app = ctx().app;
  return {
    get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(app).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(app).patch(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => request(app).delete(url).set('Authorization', `Bearer ${token}`),
  };
}

export async function partnerId(partner: DemoPartner): Promise<string> {
  const organisation = DEMO_PARTNERS.find((p) => p.key === partner)!;
  const [row] = await ctx().dataSource.query(`SELECT id FROM partner WHERE name = $1`, [organisation.name]);
  return row.id;
}

export interface PendingOrderOptions {
  company?: string;
  givenName?: string;
  familyName?: string;
  deliverTo?: { street: string; postalCode: string; city: string };
  /** The card product to order on, when not the demo partner's own (a partner a test made itself). */
  cardProductId?: string;
  /** The end user's e-mail address; `null` for one without. */
  email?: string | null;
}

/**
 * A new end user with a new pending first order on the partner's card product. Ordering over HTTP is the
 * end-user side (a later capability); until then the fixture enters through the same state machine.
 */
export async function pendingOrder(
  partner: DemoPartner,
  options: PendingOrderOptions = {},
): Promise<{ id: string; orderNumber: string; endUserId: string; nationalId: string }> {
  const { dataSource } = ctx();
  const [product] = options.cardProductId
    ? [{ id: options.cardProductId }]
    : await dataSource.query(`SELECT id FROM card_product WHERE partner_id = $1`, [await partnerId(partner)]);
  const givenName = options.givenName ?? 'Test';
  const familyName = options.familyName ?? `Testesen ${randomInt(1e9)}`;
  const registered = { street: 'Registrertveien 1', postalCode: '0150', city: 'OSLO' };
  const birthDate = `${1950 + randomInt(55)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;
  const nationalId = syntheticNationalId(birthDate, randomInt(1e9));
  const email = options.email === undefined ? 'test@example.no' : options.email;
  return dataSource.transaction(async (m) => {
    const [user] = await m.query(
      `INSERT INTO end_user (national_id, given_name, family_name, birth_date, email, registered_street, registered_postal_code, registered_city)
       VALUES ($1, $2, $3, $7, $8, $4, $5, $6) RETURNING id`,
      [nationalId, givenName, familyName, registered.street, registered.postalCode, registered.city, birthDate, email],
    );
    const order = await placeOrder(
      m,
      ctx().services.outbox,
      {
        cardProductId: product.id,
        endUserId: user.id,
        kind: 'new',
        company: options.company ?? 'Testfirma AS',
        cardReader: false,
        delivery: {
          choice: options.deliverTo ? 'other' : 'registered',
          name: `${givenName} ${familyName}`,
          ...(options.deliverTo ?? registered),
        },
        registered,
      },
      { type: 'end_user', id: user.id },
    );
    return { id: order.id, orderNumber: order.order_number, endUserId: user.id, nationalId };
  });
}

/**
 * A partner of the test's own (name, card product, an API client with every scope), so that its lists, counts and
 * settings hold the test's data alone; `mailbox` sets its notification mailbox.
 */
export async function freshPartner(options: { mailbox?: string } = {}) {
  const { app, dataSource } = ctx();
  const partner = await bulkPartner(0);
  const token = (
    await request(app)
      .post('/oauth/token')
      .auth(partner.clientId, partner.secret)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200)
  ).body.access_token as string;
  const [{ id: cardProductId }] = await dataSource.query(`SELECT id FROM card_product WHERE partner_id = $1`, [
    partner.partnerId,
  ]);
  if (options.mailbox)
    await request(app)
      .patch('/v1/partner')
      .set('Authorization', `Bearer ${token}`)
      .send({ notificationEmail: options.mailbox })
      .expect(200);
  return {
    ...partner,
    token,
    cardProductId,
    get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(app).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(app).patch(url).set('Authorization', `Bearer ${token}`),
    put: (url: string) => request(app).put(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => request(app).delete(url).set('Authorization', `Bearer ${token}`),
    /** A new end user's pending first order on this partner's card product. */
    pendingOrder: (options: Omit<PendingOrderOptions, 'cardProductId'> = {}) =>
      pendingOrder('nordlys', { ...options, cardProductId }),
  };
}

/** supertest against the app with the demo operator's token. */
export async function asOperator() {
  const app = ctx().app;
  const response = await request(app)
    .post('/oauth/token')
    .auth(DEMO_OPERATOR_CLIENT.clientId, DEMO_OPERATOR_CLIENT.secret)
    .type('form')
    .send({ grant_type: 'client_credentials' })
    .expect(200);
  const token = response.body.access_token as string;
  return {
    get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(app).post(url).set('Authorization', `Bearer ${token}`),
  };
}

/** supertest against the app as an end user signed in at the development identity provider. */
export async function asEndUser(nationalId: string) {
  const app = ctx().app;
  const response = await request(app).post('/dev-idp/token').type('form').send({ nationalId }).expect(200);
  const token = response.body.access_token as string;
  return {
    token,
    get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(app).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(app).patch(url).set('Authorization', `Bearer ${token}`),
  };
}

let people = 0;

/**
 * A new person in the local population registry, the external system the order page reads names and the
 * registered address from (a real registry client plugs in instead). Born `birthDate`, synthetic number.
 */
export async function registryPerson(
  options: { givenName?: string; familyName?: string; birthDate?: string } = {},
): Promise<{
  nationalId: string;
  givenName: string;
  familyName: string;
  address: { street: string; postalCode: string; city: string };
}> {
  people++;
  const birthDate = options.birthDate ?? `19${50 + randomInt(50)}-0${1 + randomInt(9)}-1${randomInt(9)}`;
  let nationalId: string;
  for (;;) {
    nationalId = syntheticNationalId(birthDate, randomInt(1e9));
    const [taken] = await ctx().dataSource.query(`SELECT 1 FROM registry_person WHERE national_id = $1`, [nationalId]);
    if (!taken) break;
  }
  const person = {
    nationalId,
    givenName: options.givenName ?? 'Ørjan',
    familyName: options.familyName ?? 'Ås-Nilsen',
    address: { street: `Fjordgata ${people}`, postalCode: '9008', city: 'TROMSØ' },
  };
  await ctx().dataSource.query(
    `INSERT INTO registry_person (national_id, given_name, family_name, street, postal_code, city) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      person.nationalId,
      person.givenName,
      person.familyName,
      person.address.street,
      person.address.postalCode,
      person.address.city,
    ],
  );
  return person;
}

const ORDER_PAGE: Record<DemoPartner, string> = { nordlys: 'nordlys-ansatt', fjordheim: 'fjordheim-helse' };

/** An end user with an active card on the partner's product, made over HTTP: order, approval, shipment, activation. */
export function endUserWithActiveCard(partner: DemoPartner = 'nordlys') {
  return endUserWithCard(partner, 'active');
}

/** An end user with a card on the partner's product, made over HTTP and taken as far as `status`. */
export async function endUserWithCard(partner: DemoPartner, status: 'in_production' | 'shipped' | 'active') {
  const person = await registryPerson();
  const endUser = await asEndUser(person.nationalId);
  const order = (
    await endUser
      .post(`/v1/order-pages/${ORDER_PAGE[partner]}/orders`)
      .send({
        email: `person-${randomInt(1e9)}@example.no`,
        company: 'Kortholder AS',
        delivery: { choice: 'registered' },
      })
      .expect(201)
  ).body;
  const approved = await (await as(partner)).post(`/v1/orders/${order.id}/approve`).expect(200);
  const cardId = approved.body.card.id as string;
  const operator = await asOperator();
  if (status !== 'in_production')
    await operator.post(`/v1/operator/cards/${cardId}/shipment`).send({ trackingNumber: 'RR000000017NO' }).expect(200);
  if (status === 'active') await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(200);
  return {
    person,
    endUser,
    order,
    cardId,
    serialNumber: approved.body.card.serialNumber as string,
    expiresOn: approved.body.card.expiresOn as string,
  };
}
