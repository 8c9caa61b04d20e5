import type { DataSource, EntityManager } from 'typeorm';
import type { EndUserPrincipal } from '../auth/end-user-tokens';
import { recordAudit } from '../audit/audit';
import { Clock, osloDate } from '../common/clock';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import { NewOrder, placeOrder } from '../orders/order-state-machine';
import type { PopulationRegistry, RegistryPerson } from '../registry/population-registry';
import {
  requireAddressLine,
  requireEmail,
  requirePersonName,
  requirePhone,
  requirePostalCode,
} from '../validation/contact';
import { ageOn, MINIMUM_AGE, parseNationalId } from '../validation/national-id';
import { COMPANY_MAX_LENGTH, requireSingleLineText } from '../validation/text';
import { OpenOrder, orderOptions } from './order-options';
import type {
  DeliveryChoiceInput,
  FirstOrderRequest,
  FollowUpOrderRequest,
  MyCard,
  MyCardList,
  MyOrder,
  MyOrderList,
  MyProfile,
  MyProfileUpdate,
  OrderPageInfo,
} from './self-service.dto';
import { myOrderSql, toMyOrder } from './my-order';

/** Decides on a new order in the transaction that placed it (the card product's approval policy, src/roster/). */
export interface PlacementDecider {
  decideOnPlacement(
    manager: EntityManager,
    order: { id: string; partnerId: string; cardProductId: string },
    nationalId: string,
  ): Promise<void>;
}

/** The end user's side: the order page (first order) and My Page (profile, cards, additional card, renewal). */
export class SelfServiceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PopulationRegistry,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly allowSyntheticNationalIds: boolean,
    private readonly approvalPolicy?: PlacementDecider,
  ) {}

  async orderPage(code: string): Promise<OrderPageInfo> {
    const [row] = await this.dataSource.query(
      `SELECT cp.code, cp.name, cp.card_reader_allowed, cp.validity_months, p.name AS partner_name
         FROM card_product cp JOIN partner p ON p.id = cp.partner_id WHERE cp.code = $1`,
      [code],
    );
    if (!row) throw Problem.notFound(`Order page ${code}`);
    return {
      cardProductCode: row.code,
      cardProductName: row.name,
      partnerName: row.partner_name,
      cardReaderAvailable: row.card_reader_allowed,
      validityMonths: row.validity_months,
    };
  }

  /** A first order (`new`) on the card product of the order page `code`. */
  async placeFirstOrder(principal: EndUserPrincipal, code: string, body: FirstOrderRequest): Promise<MyOrder> {
    const email = requireEmail('email', body.email);
    const phone = body.phone === undefined ? undefined : requirePhone('phone', body.phone);
    const company = requireSingleLineText('company', body.company, COMPANY_MAX_LENGTH);
    const delivery = deliveryAddress(body.delivery);
    const person = await this.person(principal);
    const [product] = await this.dataSource.query(`SELECT id, card_reader_allowed FROM card_product WHERE code = $1`, [
      code,
    ]);
    if (!product) throw Problem.notFound(`Order page ${code}`);
    if (body.cardReader && !product.card_reader_allowed)
      throw Problem.invalid('cardReader', 'this card product offers no card reader');

    const orderId = await this.dataSource.transaction(async (manager) => {
      const endUserId = await this.upsertEndUser(manager, person, { email, phone });
      const [held] = await manager.query(
        `SELECT serial_number, status FROM card WHERE end_user_id = $1 AND card_product_id = $2 AND status IN ('in_production', 'shipped', 'active') LIMIT 1`,
        [endUserId, product.id],
      );
      if (held) {
        throw new Problem(
          'order-not-possible',
          `You already have card ${held.serial_number} (${held.status.replace('_', ' ')}) on this card product. Order an additional card or a renewal on My Page.`,
        );
      }
      const [open] = await manager.query(
        `SELECT order_number FROM card_order WHERE end_user_id = $1 AND card_product_id = $2 AND kind = 'new' AND status = 'pending' LIMIT 1`,
        [endUserId, product.id],
      );
      if (open)
        throw new Problem(
          'order-not-possible',
          `Your order ${open.order_number} on this card product is already waiting for approval.`,
        );
      return this.place(manager, person, endUserId, {
        cardProductId: product.id,
        kind: 'new',
        company,
        cardReader: body.cardReader ?? false,
        delivery,
      });
    });
    return this.myOrder(principal, orderId);
  }

  /** A renewal or an additional card for one of the end user's cards, if its rules allow it today. */
  async placeFollowUpOrder(principal: EndUserPrincipal, body: FollowUpOrderRequest): Promise<MyOrder> {
    const company =
      body.company === undefined ? undefined : requireSingleLineText('company', body.company, COMPANY_MAX_LENGTH);
    const delivery = deliveryAddress(body.delivery);
    const person = await this.person(principal);
    const orderId = await this.dataSource.transaction(async (manager) => {
      // Locking the end user serialises one person's orders: of two renewals sent at once, the second sees the first.
      const [user] = await manager.query(`SELECT id, email FROM end_user WHERE national_id = $1 FOR UPDATE`, [
        principal.nationalId,
      ]);
      if (!user) throw Problem.notFound(`Card ${body.cardId}`);
      // The confirmation, and a rejection with its reason, are told by e-mail: no order without an address to tell.
      if (!user.email)
        throw new Problem(
          'order-not-possible',
          "Add your e-mail address on My Page (PATCH /v1/me) first: the order confirmation and your partner's decision are sent to it.",
        );
      const card = (await this.cardsOf(manager, user.id)).find((c) => c.id === body.cardId);
      if (!card) throw Problem.notFound(`Card ${body.cardId}`);
      const option = card[body.kind];
      if (!option.possible) throw new Problem('order-not-possible', option.reason!);
      const [last] = await manager.query(
        `SELECT company FROM card_order WHERE end_user_id = $1 AND card_product_id = $2 ORDER BY created_at DESC LIMIT 1`,
        [user.id, card.cardProduct.id],
      );
      const endUserId = await this.upsertEndUser(manager, person, {});
      return this.place(manager, person, endUserId, {
        cardProductId: card.cardProduct.id,
        kind: body.kind,
        company: company ?? last?.company ?? missingCompany(),
        cardReader: false,
        renewsCardId: body.kind === 'renewal' ? card.id : null,
        delivery,
      });
    });
    return this.myOrder(principal, orderId);
  }

  async profile(principal: EndUserPrincipal): Promise<MyProfile> {
    const [user] = await this.dataSource.query(
      `SELECT national_id, given_name, family_name, birth_date::text, email, phone, registered_street, registered_postal_code, registered_city
         FROM end_user WHERE national_id = $1`,
      [principal.nationalId],
    );
    if (!user) return this.registryProfile(principal);
    return {
      nationalId: user.national_id,
      givenName: user.given_name,
      familyName: user.family_name,
      birthDate: user.birth_date,
      email: user.email,
      phone: user.phone,
      registeredAddress: {
        street: user.registered_street,
        postalCode: user.registered_postal_code,
        city: user.registered_city,
      },
    };
  }

  /**
   * Before a first order nobody is stored: the name and registered address come from the population registry, so
   * the person sees where a card would go. No contact data yet (given with the first order).
   */
  private async registryProfile(principal: EndUserPrincipal): Promise<MyProfile> {
    const parsed = parseNationalId(principal.nationalId, { allowSynthetic: this.allowSyntheticNationalIds });
    const person = 'refused' in parsed ? undefined : await this.registry.lookup(principal.nationalId);
    if ('refused' in parsed || !person)
      throw new Problem('not-found', 'The population registry does not know your national identity number.');
    return {
      nationalId: principal.nationalId,
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: parsed.birthDate,
      email: null,
      phone: null,
      registeredAddress: person.address,
    };
  }

  async updateProfile(principal: EndUserPrincipal, body: MyProfileUpdate): Promise<MyProfile> {
    const email = body.email === undefined ? undefined : requireEmail('email', body.email);
    const phone = body.phone === undefined || body.phone === null ? body.phone : requirePhone('phone', body.phone);
    const [stored] = await this.dataSource.query(`SELECT 1 FROM end_user WHERE national_id = $1`, [
      principal.nationalId,
    ]);
    if (!stored)
      throw new Problem(
        'not-found',
        "You have no cards or orders yet: your contact data is given with your first order on your partner's order page.",
      );
    await this.dataSource.transaction(async (manager) => {
      const [[user]] = await manager.query(
        `UPDATE end_user SET email = coalesce($2, email), phone = CASE WHEN $3 THEN $4 ELSE phone END, updated_at = now()
          WHERE national_id = $1 RETURNING id`,
        [principal.nationalId, email ?? null, phone !== undefined, phone ?? null],
      );
      await recordAudit(
        manager,
        { type: 'end_user', id: user.id },
        {
          partnerId: null,
          subjectType: 'end_user',
          subjectId: user.id,
          action: 'contact_updated',
          changes: { fields: ['email', 'phone'].filter((field) => field in body) },
        },
      );
    });
    return this.profile(principal);
  }

  async cards(principal: EndUserPrincipal): Promise<MyCardList> {
    const [user] = await this.dataSource.query(`SELECT id FROM end_user WHERE national_id = $1`, [
      principal.nationalId,
    ]);
    return { data: user ? await this.cardsOf(this.dataSource.manager, user.id) : [] };
  }

  async orders(principal: EndUserPrincipal): Promise<MyOrderList> {
    const rows = await this.dataSource.query(
      `${myOrderSql} WHERE u.national_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 1000`,
      [principal.nationalId],
    );
    return { data: rows.map(toMyOrder) };
  }

  private async myOrder(principal: EndUserPrincipal, orderId: string): Promise<MyOrder> {
    const [row] = await this.dataSource.query(`${myOrderSql} WHERE u.national_id = $1 AND o.id = $2`, [
      principal.nationalId,
      orderId,
    ]);
    return toMyOrder(row);
  }

  private async cardsOf(manager: EntityManager, endUserId: string): Promise<MyCard[]> {
    const cards = await manager.query(
      `SELECT c.id, c.serial_number, c.status, c.expires_on::text, cp.id AS product_id, cp.name AS product_name, p.name AS partner_name
         FROM card c JOIN card_product cp ON cp.id = c.card_product_id JOIN partner p ON p.id = c.partner_id
        WHERE c.end_user_id = $1 ORDER BY c.created_at DESC, c.id DESC`,
      [endUserId],
    );
    const open: OpenOrder[] = (
      await manager.query(
        `SELECT o.kind, o.status, o.order_number, o.renews_card_id, o.card_product_id, c.id AS card_id
           FROM card_order o LEFT JOIN card c ON c.order_id = o.id
          WHERE o.end_user_id = $1 AND o.status IN ('pending', 'approved')`,
        [endUserId],
      )
    ).map((o: Record<string, string>) => ({
      kind: o.kind,
      status: o.status,
      orderNumber: o.order_number,
      renewsCardId: o.renews_card_id,
      cardProductId: o.card_product_id,
      cardId: o.card_id,
    }));
    const today = osloDate(this.clock.now());
    return cards.map((c: Record<string, string>) => ({
      id: c.id,
      serialNumber: c.serial_number,
      status: c.status,
      expiresOn: c.expires_on,
      cardProduct: { id: c.product_id, name: c.product_name, partnerName: c.partner_name },
      ...orderOptions(
        { id: c.id, status: c.status as MyCard['status'], expiresOn: c.expires_on, cardProductId: c.product_id },
        open,
        today,
      ),
    }));
  }

  /** The signed-in person: an accepted national identity number, old enough, known to the population registry. */
  private async person(principal: EndUserPrincipal): Promise<RegistryPerson & { birthDate: string }> {
    const parsed = parseNationalId(principal.nationalId, { allowSynthetic: this.allowSyntheticNationalIds });
    if ('refused' in parsed)
      throw new Problem('person-not-eligible', `Your national identity number ${parsed.refused}.`);
    if (ageOn(parsed.birthDate, osloDate(this.clock.now())) < MINIMUM_AGE) {
      throw new Problem(
        'person-not-eligible',
        `You must be at least ${MINIMUM_AGE} years old to hold an eID on a smartcard.`,
      );
    }
    const person = await this.registry.lookup(principal.nationalId);
    if (!person)
      throw new Problem('person-not-eligible', 'The population registry does not know your national identity number.');
    return { ...person, birthDate: parsed.birthDate };
  }

  /** The end user as the registry knows them now; contact data only where given. */
  private async upsertEndUser(
    manager: EntityManager,
    person: RegistryPerson & { birthDate: string },
    contact: { email?: string; phone?: string },
  ): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO end_user (national_id, given_name, family_name, birth_date, email, phone, registered_street, registered_postal_code, registered_city)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (national_id) DO UPDATE SET
         given_name = excluded.given_name, family_name = excluded.family_name,
         email = coalesce(excluded.email, end_user.email), phone = coalesce(excluded.phone, end_user.phone),
         registered_street = excluded.registered_street, registered_postal_code = excluded.registered_postal_code,
         registered_city = excluded.registered_city, updated_at = now()
       RETURNING id`,
      [
        person.nationalId,
        person.givenName,
        person.familyName,
        person.birthDate,
        contact.email ?? null,
        contact.phone ?? null,
        person.address.street,
        person.address.postalCode,
        person.address.city,
      ],
    );
    return id;
  }

  private async place(
    manager: EntityManager,
    person: RegistryPerson,
    endUserId: string,
    order: Pick<NewOrder, 'cardProductId' | 'kind' | 'company' | 'cardReader' | 'renewsCardId'> & {
      delivery: DeliveryAddressOrRegistered;
    },
  ): Promise<string> {
    const name = `${person.givenName} ${person.familyName}`;
    const placed = await placeOrder(
      manager,
      this.outbox,
      {
        ...order,
        endUserId,
        delivery:
          order.delivery === 'registered'
            ? { choice: 'registered', name, ...person.address }
            : { choice: 'other', ...order.delivery },
        registered: person.address,
      },
      { type: 'end_user', id: endUserId },
    );
    await this.approvalPolicy?.decideOnPlacement(manager, placed, person.nationalId);
    return placed.id;
  }
}

function missingCompany(): never {
  throw Problem.invalid('company', 'is required: there is no earlier order to take it from');
}

type DeliveryAddressOrRegistered = 'registered' | { name: string; street: string; postalCode: string; city: string };

function deliveryAddress(input: DeliveryChoiceInput): DeliveryAddressOrRegistered {
  if (input.choice === 'registered') {
    if (input.address)
      throw Problem.invalid('delivery.address', 'leave out the address when delivering to the registered address');
    return 'registered';
  }
  if (!input.address) throw Problem.invalid('delivery.address', 'is required when choice is "other"');
  return {
    name: requirePersonName('delivery.address.name', input.address.name),
    street: requireAddressLine('delivery.address.street', input.address.street),
    postalCode: requirePostalCode('delivery.address.postalCode', input.address.postalCode),
    city: requireAddressLine('delivery.address.city', input.address.city, 100),
  };
}
