import type { DataSource } from 'typeorm';
import { CardsRepository } from '../cards/cards.repository';
import { toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import { OrdersRepository } from '../orders/orders.repository';
import type { EndUserDetail, EndUserPage } from './end-user.dto';
import { toEndUserDetail, toEndUserSummary } from './end-user.mapper';
import { type EndUserListFilter, EndUsersRepository } from './end-users.repository';

/** The partner's view of its end users: people with an order (not rejected) or a card on its card products. */
export class EndUsersService {
  private readonly endUsers: EndUsersRepository;
  private readonly orders: OrdersRepository;
  private readonly cards: CardsRepository;

  constructor(dataSource: DataSource) {
    const sql = poolExecutor(dataSource);
    this.endUsers = new EndUsersRepository(sql);
    this.orders = new OrdersRepository(sql);
    this.cards = new CardsRepository(sql);
  }

  async list(partnerId: string, filter: EndUserListFilter): Promise<EndUserPage> {
    const { rows, limit } = await this.endUsers.listOfPartner(partnerId, filter);
    return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }), toEndUserSummary);
  }

  async get(partnerId: string, endUserId: string): Promise<EndUserDetail> {
    const user = await this.endUsers.ofPartner(partnerId, endUserId);
    if (!user) throw Problem.notFound(`End user ${endUserId}`);
    const [cards, orders] = await Promise.all([
      this.cards.ofEndUserForPartner(endUserId, partnerId),
      this.orders.ofEndUserForPartner(endUserId, partnerId),
    ]);
    return toEndUserDetail(user, cards, orders);
  }
}
