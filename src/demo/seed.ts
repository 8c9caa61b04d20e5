import { DataSource } from 'typeorm';
import { Actor } from '../audit/audit';
import { hashClientSecret } from '../auth/client-secret';
import { PARTNER_SCOPES } from '../auth/scopes';
import { placeOrder, transitionOrder } from '../orders/order-state-machine';
import { syntheticNationalId } from '../validation/national-id';
import { organisationCheckDigit } from '../validation/organisation-number';
import type { Outbox } from '../notifications/outbox';
import {
  DEMO_CLIENTS,
  DEMO_LEGACY_CARDS,
  DEMO_OPERATOR_CLIENT,
  DEMO_ORDERS,
  DEMO_PARTNERS,
  DEMO_PEOPLE,
  DEMO_REGISTRY_ONLY_PEOPLE,
} from './demo-data';

const DAY = 86_400_000;

export interface SeedResult {
  seeded: boolean;
  partners: number;
  endUsers: number;
  orders: number;
}

function organisationNumber(eight: string): string {
  const check = organisationCheckDigit(eight);
  if (check === undefined) throw new Error(`${eight} has no valid organisation check digit`);
  return `${eight}${check}`;
}

/**
 * Loads the demo data unless it is there already. Orders go through the order state machine like real ones,
 * so they carry an audit history; afterwards the dates and card statuses are moved into the past so that the
 * demo shows orders and cards of every age and status.
 */
export async function seedDemoData(dataSource: DataSource, outbox: Outbox): Promise<SeedResult> {
  await seedRegistryAndOperator(dataSource);
  const [{ count }] = await dataSource.query(
    `SELECT count(*)::int AS count FROM partner WHERE organisation_number = $1`,
    [organisationNumber(DEMO_PARTNERS[0].organisationNumber)],
  );
  if (count > 0) return { seeded: false, partners: 0, endUsers: 0, orders: 0 };

  const partnerIds: Record<string, string> = {};
  const productIds: Record<string, string> = {};
  const personIds: string[] = [];
  await dataSource.transaction(async (m) => {
    for (const partner of DEMO_PARTNERS) {
      const [{ id }] = await m.query(
        `INSERT INTO partner (name, organisation_number, notification_email, street, postal_code, city) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          partner.name,
          organisationNumber(partner.organisationNumber),
          partner.notificationEmail,
          partner.address.street,
          partner.address.postalCode,
          partner.address.city,
        ],
      );
      partnerIds[partner.key] = id;
      const p = partner.product;
      const [product] = await m.query(
        `INSERT INTO card_product (id, partner_id, code, name, card_reader_allowed, card_price_ore, card_reader_price_ore)
         VALUES ($7, $1, $2, $3, $4, $5, $6) RETURNING id`,
        [id, p.code, p.name, p.cardReaderAllowed, p.cardPriceOre, p.cardReaderPriceOre, p.id],
      );
      productIds[partner.key] = product.id;
    }
    for (const client of DEMO_CLIENTS) {
      await m.query(
        `INSERT INTO api_client (partner_id, client_id, secret_hash, name, scopes) VALUES ($1, $2, $3, $4, $5)`,
        [
          partnerIds[client.partner],
          client.clientId,
          await hashClientSecret(client.secret),
          client.name,
          Object.keys(PARTNER_SCOPES),
        ],
      );
    }
    for (const [index, person] of DEMO_PEOPLE.entries()) {
      const [{ id }] = await m.query(
        `INSERT INTO end_user (national_id, given_name, family_name, birth_date, email, registered_street, registered_postal_code, registered_city, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - make_interval(days => $9)) RETURNING id`,
        [
          syntheticNationalId(person.birthDate, index + 1),
          person.givenName,
          person.familyName,
          person.birthDate,
          person.email,
          person.street,
          person.postalCode,
          person.city,
          1300 - index,
        ],
      );
      personIds.push(id);
    }
  });

  const orderIds: string[] = [];
  for (const demo of DEMO_ORDERS) {
    const person = DEMO_PEOPLE[demo.person];
    const orderedAt = new Date(Date.now() - demo.daysAgo * DAY);
    const renewsCardId = demo.renews === undefined ? null : await cardOf(dataSource, orderIds[demo.renews]);
    const order = await dataSource.transaction((m) =>
      placeOrder(
        m,
        outbox,
        {
          cardProductId: productIds[demo.partner],
          endUserId: personIds[demo.person],
          kind: demo.kind,
          company: demo.company,
          cardReader: demo.cardReader ?? false,
          renewsCardId,
          delivery: {
            choice: demo.deliverTo ? 'other' : 'registered',
            name: `${person.givenName} ${person.familyName}`,
            ...(demo.deliverTo ?? { street: person.street, postalCode: person.postalCode, city: person.city }),
          },
          registered: { street: person.street, postalCode: person.postalCode, city: person.city },
          orderedAt,
        },
        { type: 'end_user', id: personIds[demo.person] },
      ),
    );
    orderIds.push(order.id);
    if (demo.outcome === 'pending') continue;
    const client = DEMO_CLIENTS.find((c) => c.partner === demo.partner)!;
    const actor: Actor = { type: 'api_client', id: client.clientId };
    const change =
      demo.outcome === 'rejected'
        ? {
            action: 'rejected' as const,
            reason: 'not_affiliated' as const,
            message: 'Vi finner deg ikke i vårt ansattregister. Ta kontakt med din leder.',
          }
        : { action: 'approved' as const };
    await transitionOrder(dataSource, outbox, {
      orderId: order.id,
      partnerId: partnerIds[demo.partner],
      actor,
      change,
    });
    await backdateDecision(dataSource, order.id, orderedAt, demo.outcome);
  }

  for (const legacy of DEMO_LEGACY_CARDS) {
    await dataSource.query(
      `INSERT INTO card (id, end_user_id, card_product_id, partner_id, status, expires_on, issued_at, created_at)
       VALUES ($6, $1, $2, $3, 'active', current_date + $4::int, now() - make_interval(days => $5), now() - make_interval(days => $5))`,
      [
        personIds[legacy.person],
        productIds[legacy.partner],
        partnerIds[legacy.partner],
        legacy.expiresInDays,
        legacy.issuedDaysAgo,
        legacy.id,
      ],
    );
  }
  return { seeded: true, partners: DEMO_PARTNERS.length, endUsers: DEMO_PEOPLE.length, orders: DEMO_ORDERS.length };
}

/**
 * The local population registry's synthetic people (the demo's end users and some without cards yet) and
 * the operator client; each row only if missing, so a database from before these existed gets them too.
 */
async function seedRegistryAndOperator(dataSource: DataSource): Promise<void> {
  const people = [...DEMO_PEOPLE, ...DEMO_REGISTRY_ONLY_PEOPLE];
  for (const [index, person] of people.entries()) {
    await dataSource.query(
      `INSERT INTO registry_person (national_id, given_name, family_name, street, postal_code, city)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (national_id) DO NOTHING`,
      [
        syntheticNationalId(person.birthDate, index + 1),
        person.givenName,
        person.familyName,
        person.street,
        person.postalCode,
        person.city,
      ],
    );
  }
  await dataSource.query(
    `INSERT INTO api_client (partner_id, role, client_id, secret_hash, name, scopes)
     VALUES (NULL, 'operator', $1, $2, $3, ARRAY['operator']) ON CONFLICT (client_id) DO NOTHING`,
    [DEMO_OPERATOR_CLIENT.clientId, await hashClientSecret(DEMO_OPERATOR_CLIENT.secret), DEMO_OPERATOR_CLIENT.name],
  );
  for (const partner of DEMO_PARTNERS) {
    await dataSource.query(
      `UPDATE partner SET street = $2, postal_code = $3, city = $4 WHERE name = $1 AND street IS NULL`,
      [partner.name, partner.address.street, partner.address.postalCode, partner.address.city],
    );
  }
  // Demo clients made before a scope existed get it too.
  await dataSource.query(`UPDATE api_client SET scopes = $2 WHERE client_id = ANY ($1) AND role = 'partner'`, [
    DEMO_CLIENTS.map((c) => c.clientId),
    Object.keys(PARTNER_SCOPES),
  ]);
}

async function cardOf(dataSource: DataSource, orderId: string | undefined): Promise<string> {
  const [card] = await dataSource.query(`SELECT id FROM card WHERE order_id = $1`, [orderId]);
  if (!card) throw new Error(`demo data: order ${orderId} has no card to renew`);
  return card.id;
}

/** Demo only: the decision a day after the order, and the card as far along as the demo wants it. */
async function backdateDecision(
  dataSource: DataSource,
  orderId: string,
  orderedAt: Date,
  outcome: string,
): Promise<void> {
  const decidedAt = new Date(orderedAt.getTime() + DAY);
  await dataSource.transaction(async (m) => {
    await m.query(`UPDATE card_order SET decided_at = $2, updated_at = $2 WHERE id = $1`, [orderId, decidedAt]);
    await m.query(
      `UPDATE audit_event SET occurred_at = $2 WHERE subject_id = $1 AND action IN ('approved', 'rejected')`,
      [orderId, decidedAt],
    );
    if (outcome === 'rejected') return;
    await m.query(
      `UPDATE card SET status = $2::card_status, created_at = $3,
              issued_at = CASE WHEN $2 = 'in_production' THEN NULL ELSE $3::timestamptz + interval '5 days' END,
              expires_on = (($3::timestamptz AT TIME ZONE 'Europe/Oslo')::date
                            + make_interval(months => (SELECT validity_months FROM card_product WHERE id = card.card_product_id)))::date
        WHERE order_id = $1`,
      [orderId, outcome, decidedAt],
    );
  });
}
