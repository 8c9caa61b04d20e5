import type { DataSource, EntityManager } from 'typeorm';
import type { EndUserPrincipal } from '../auth/end-user-tokens';
import { recordAudit } from '../audit/audit';
import { CardProductsRepository } from '../partners/card-products.repository';
import { CardsRepository } from '../cards/cards.repository';
import { Clock, osloDate } from '../common/clock';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor, type SqlExecutor } from '../db/sql-executor';
import { EndUsersRepository } from '../end-users/end-users.repository';
import type { Outbox } from '../notifications/outbox';
import { NewOrder, placeOrder } from '../orders/order-state-machine';
import { OrdersRepository } from '../orders/orders.repository';
import type { PopulationRegistry, RegistryPerson } from '../registry/population-registry';
import { requireEmail, requirePhone } from '../validation/contact';
import { parseNationalId } from '../validation/national-id';
import { COMPANY_MAX_LENGTH, requireSingleLineText } from '../validation/text';
import { toMyCard, toOpenOrder } from './my-card.mapper';
import { toMyOrder } from './my-order.mapper';
import { toMyProfile } from './my-profile.mapper';
import { orderOptions } from './order-options';
import {
  DeliveryAddressOrRegistered,
  deliveryAddress,
  followUpCompany,
  requireCardReaderOffered,
  requireEligible,
  requireEmailForFollowUp,
  requireFirstOrderPossible,
  requireOptionPossible,
} from './order-rules';
import type {
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
  // Statements on their own run on the pool; a transaction builds its own repositories on its executor.
  private readonly sql: SqlExecutor;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PopulationRegistry,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly allowSyntheticNationalIds: boolean,
    private readonly approvalPolicy?: PlacementDecider,
  ) {
    this.sql = poolExecutor(dataSource);
  }

  async orderPage(code: string): Promise<OrderPageInfo> {
    const row = await new CardProductsRepository(this.sql).findByCode(code);
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
    const product = await new CardProductsRepository(this.sql).findByCode(code);
    if (!product) throw Problem.notFound(`Order page ${code}`);
    requireCardReaderOffered(body.cardReader, product.card_reader_allowed);

    const orderId = await inTransaction(this.dataSource, async (tx, manager) => {
      const endUserId = await this.upsertEndUser(tx, person, { email, phone });
      const held = await new CardsRepository(tx).heldOnProduct(endUserId, product.id);
      const pending = await new OrdersRepository(tx).pendingFirstOrderNumber(endUserId, product.id);
      requireFirstOrderPossible(held && { serialNumber: held.serial_number, status: held.status }, pending);
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
    const orderId = await inTransaction(this.dataSource, async (tx, manager) => {
      // Locking the end user serialises one person's orders: of two renewals sent at once, the second sees the first.
      const user = await new EndUsersRepository(tx).lockByNationalId(principal.nationalId);
      if (!user) throw Problem.notFound(`Card ${body.cardId}`);
      requireEmailForFollowUp(user.email);
      const card = (await this.cardsOf(tx, user.id)).find((c) => c.id === body.cardId);
      if (!card) throw Problem.notFound(`Card ${body.cardId}`);
      requireOptionPossible(card[body.kind]);
      const latest = await new OrdersRepository(tx).latestCompany(user.id, card.cardProduct.id);
      const orderCompany = followUpCompany(company, latest);
      const endUserId = await this.upsertEndUser(tx, person, {});
      return this.place(manager, person, endUserId, {
        cardProductId: card.cardProduct.id,
        kind: body.kind,
        company: orderCompany,
        cardReader: false,
        renewsCardId: body.kind === 'renewal' ? card.id : null,
        delivery,
      });
    });
    return this.myOrder(principal, orderId);
  }

  async profile(principal: EndUserPrincipal): Promise<MyProfile> {
    const user = await new EndUsersRepository(this.sql).byNationalId(principal.nationalId);
    return user ? toMyProfile(user) : this.registryProfile(principal);
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
    const stored = await new EndUsersRepository(this.sql).idByNationalId(principal.nationalId);
    if (!stored)
      throw new Problem(
        'not-found',
        "You have no cards or orders yet: your contact data is given with your first order on your partner's order page.",
      );
    await inTransaction(this.dataSource, async (tx) => {
      const id = await new EndUsersRepository(tx).updateContact(principal.nationalId, { email, phone });
      if (!id) throw Problem.notFound('Your stored data');
      await recordAudit(
        tx,
        { type: 'end_user', id },
        {
          partnerId: null,
          subjectType: 'end_user',
          subjectId: id,
          action: 'contact_updated',
          changes: { fields: ['email', 'phone'].filter((field) => field in body) },
        },
      );
    });
    return this.profile(principal);
  }

  async cards(principal: EndUserPrincipal): Promise<MyCardList> {
    const userId = await new EndUsersRepository(this.sql).idByNationalId(principal.nationalId);
    return { data: userId ? await this.cardsOf(this.sql, userId) : [] };
  }

  async orders(principal: EndUserPrincipal): Promise<MyOrderList> {
    const rows = await new OrdersRepository(this.sql).mineByNationalId(principal.nationalId);
    return { data: rows.map(toMyOrder) };
  }

  private async myOrder(principal: EndUserPrincipal, orderId: string): Promise<MyOrder> {
    const row = await new OrdersRepository(this.sql).mineById(principal.nationalId, orderId);
    if (!row) throw Problem.notFound(`Order ${orderId}`);
    return toMyOrder(row);
  }

  /** The end user's cards, newest first, each with the orders its rules allow today. */
  private async cardsOf(sql: SqlExecutor, endUserId: string): Promise<MyCard[]> {
    const cards = await new CardsRepository(sql).ofEndUserWithProduct(endUserId);
    const open = (await new OrdersRepository(sql).openOfEndUser(endUserId)).map(toOpenOrder);
    const today = osloDate(this.clock.now());
    return cards.map((c) =>
      toMyCard(
        c,
        orderOptions({ id: c.id, status: c.status, expiresOn: c.expires_on, cardProductId: c.product_id }, open, today),
      ),
    );
  }

  /** The signed-in person: an accepted national identity number, old enough, known to the population registry. */
  private async person(principal: EndUserPrincipal): Promise<RegistryPerson & { birthDate: string }> {
    const parsed = requireEligible(
      parseNationalId(principal.nationalId, { allowSynthetic: this.allowSyntheticNationalIds }),
      osloDate(this.clock.now()),
    );
    const person = await this.registry.lookup(principal.nationalId);
    if (!person)
      throw new Problem('person-not-eligible', 'The population registry does not know your national identity number.');
    return { ...person, birthDate: parsed.birthDate };
  }

  /** The end user as the registry knows them now; contact data only where given. */
  private upsertEndUser(
    tx: SqlExecutor,
    person: RegistryPerson & { birthDate: string },
    contact: { email?: string; phone?: string },
  ): Promise<string> {
    return new EndUsersRepository(tx).upsert({
      nationalId: person.nationalId,
      givenName: person.givenName,
      familyName: person.familyName,
      birthDate: person.birthDate,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      registered: person.address,
    });
  }

  private async place(
    manager: Parameters<typeof placeOrder>[0],
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
    await this.approvalPolicy?.decideOnPlacement(
      manager,
      { id: placed.id, partnerId: placed.partner_id, cardProductId: placed.card_product_id },
      person.nationalId,
    );
    return placed.id;
  }
}
