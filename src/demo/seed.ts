import { DataSource } from 'typeorm';
import { Actor } from '../audit/audit';
import { AuditRepository } from '../audit/audit.repository';
import type { CardStatus } from '../glossary/card-terms';
import { CardsRepository } from '../cards/cards.repository';
import { inTransaction, poolExecutor, type SqlExecutor } from '../db/sql-executor';
import { EndUsersRepository } from '../end-users/end-users.repository';
import { OrdersRepository } from '../orders/orders.repository';
import { CardProductsRepository } from '../partners/card-products.repository';
import { PartnersRepository } from '../partners/partners.repository';
import { RegistryPeopleRepository } from '../registry/registry-people.repository';
import { hashClientSecret } from '../auth/client-secret';
import { ApiClientsRepository } from '../auth/api-clients.repository';
import { PARTNER_SCOPES, type PartnerScope } from '../auth/scopes';
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

/** The demo partners' clients may do everything a partner's client can. */
const ALL_PARTNER_SCOPES = Object.keys(PARTNER_SCOPES) as PartnerScope[];

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
  const pool = poolExecutor(dataSource);
  const seededBefore = await new PartnersRepository(pool).idByOrganisationNumber(
    organisationNumber(DEMO_PARTNERS[0].organisationNumber),
  );
  if (seededBefore) return { seeded: false, partners: 0, endUsers: 0, orders: 0 };

  const partnerIds: Record<string, string> = {};
  const productIds: Record<string, string> = {};
  const personIds: string[] = [];
  await inTransaction(dataSource, async (tx) => {
    for (const partner of DEMO_PARTNERS) {
      const id = await new PartnersRepository(tx).insert({
        name: partner.name,
        organisationNumber: organisationNumber(partner.organisationNumber),
        notificationEmail: partner.notificationEmail,
        address: partner.address,
      });
      partnerIds[partner.key] = id;
      productIds[partner.key] = await new CardProductsRepository(tx).insert({ partnerId: id, ...partner.product });
    }
    for (const client of DEMO_CLIENTS) {
      await new ApiClientsRepository(tx).insert({
        partnerId: partnerIds[client.partner],
        clientId: client.clientId,
        secretHash: await hashClientSecret(client.secret),
        name: client.name,
        scopes: ALL_PARTNER_SCOPES,
      });
    }
    for (const [index, person] of DEMO_PEOPLE.entries()) {
      personIds.push(
        await new EndUsersRepository(tx).insertDemo({
          nationalId: syntheticNationalId(person.birthDate, index + 1),
          givenName: person.givenName,
          familyName: person.familyName,
          birthDate: person.birthDate,
          email: person.email,
          street: person.street,
          postalCode: person.postalCode,
          city: person.city,
          daysAgo: 1300 - index,
        }),
      );
    }
  });

  const orderIds: string[] = [];
  for (const demo of DEMO_ORDERS) {
    const person = DEMO_PEOPLE[demo.person];
    const orderedAt = new Date(Date.now() - demo.daysAgo * DAY);
    const renewsCardId = demo.renews === undefined ? null : await cardOf(pool, orderIds[demo.renews]);
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
    await new CardsRepository(pool).insertLegacyActive({
      id: legacy.id,
      endUserId: personIds[legacy.person],
      cardProductId: productIds[legacy.partner],
      partnerId: partnerIds[legacy.partner],
      expiresInDays: legacy.expiresInDays,
      issuedDaysAgo: legacy.issuedDaysAgo,
    });
  }
  return { seeded: true, partners: DEMO_PARTNERS.length, endUsers: DEMO_PEOPLE.length, orders: DEMO_ORDERS.length };
}

/**
 * The local population registry's synthetic people (the demo's end users and some without cards yet) and
 * the operator client; each row only if missing, so a database from before these existed gets them too.
 */
async function seedRegistryAndOperator(dataSource: DataSource): Promise<void> {
  const people = [...DEMO_PEOPLE, ...DEMO_REGISTRY_ONLY_PEOPLE];
  const pool = poolExecutor(dataSource);
  const registry = new RegistryPeopleRepository(pool);
  for (const [index, person] of people.entries()) {
    await registry.insertIfMissing({
      national_id: syntheticNationalId(person.birthDate, index + 1),
      given_name: person.givenName,
      family_name: person.familyName,
      street: person.street,
      postal_code: person.postalCode,
      city: person.city,
    });
  }
  const apiClients = new ApiClientsRepository(pool);
  await apiClients.insertOperatorIfMissing(
    DEMO_OPERATOR_CLIENT.clientId,
    await hashClientSecret(DEMO_OPERATOR_CLIENT.secret),
    DEMO_OPERATOR_CLIENT.name,
  );
  for (const partner of DEMO_PARTNERS) {
    await new PartnersRepository(pool).setAddressIfMissing(partner.name, partner.address);
  }
  // Demo clients made before a scope existed get it too.
  await apiClients.setScopesOfPartnerClients(
    DEMO_CLIENTS.map((c) => c.clientId),
    ALL_PARTNER_SCOPES,
  );
}

async function cardOf(pool: SqlExecutor, orderId: string | undefined): Promise<string> {
  const card = orderId === undefined ? undefined : await new CardsRepository(pool).idOfOrder(orderId);
  if (!card) throw new Error(`demo data: order ${orderId} has no card to renew`);
  return card;
}

/** Demo only: the decision a day after the order, and the card as far along as the demo wants it. */
async function backdateDecision(
  dataSource: DataSource,
  orderId: string,
  orderedAt: Date,
  outcome: 'rejected' | CardStatus,
): Promise<void> {
  const decidedAt = new Date(orderedAt.getTime() + DAY);
  await inTransaction(dataSource, async (tx) => {
    await new OrdersRepository(tx).backdateDecision(orderId, decidedAt);
    await new AuditRepository(tx).backdateDecision(orderId, decidedAt);
    if (outcome === 'rejected') return;
    await new CardsRepository(tx).backdateOfOrder(orderId, outcome, decidedAt);
  });
}
