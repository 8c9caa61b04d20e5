import type { DataSource } from 'typeorm';
import { Actor } from '../audit/audit';
import { AuditRepository } from '../audit/audit.repository';
import { toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import type { Outbox } from '../notifications/outbox';
import type { CompanyCorrection, OrderDetail, OrderPage, OrderRejectionRequest } from './order.dto';
import { toOrderDetail, toOrderSummary } from './order.mapper';
import { OrderChange, transitionOrder } from './order-state-machine';
import { type OrderListFilter, OrdersRepository } from './orders.repository';

/** The partner's view of the orders on its card products. Every query is scoped by the caller's partner id. */
export class OrdersService {
  // Built once: the order list reads straight on the pool (poolExecutor), with no per-request layer on top.
  private readonly orders: OrdersRepository;
  private readonly audit: AuditRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    const sql = poolExecutor(dataSource);
    this.orders = new OrdersRepository(sql);
    this.audit = new AuditRepository(sql);
  }

  async list(partnerId: string, filter: OrderListFilter): Promise<OrderPage> {
    const { rows, limit } = await this.orders.list(partnerId, filter);
    return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }), toOrderSummary);
  }

  async get(partnerId: string, orderId: string): Promise<OrderDetail> {
    const row = await this.orders.detail(partnerId, orderId);
    if (!row) throw Problem.notFound(`Order ${orderId}`);
    return toOrderDetail(row, await this.audit.historyOf('order', orderId));
  }

  correctCompany(partnerId: string, orderId: string, body: CompanyCorrection, actor: Actor, expectedVersion?: number) {
    return this.change(
      partnerId,
      orderId,
      { action: 'company_corrected', company: body.company },
      actor,
      expectedVersion,
    );
  }

  approve(partnerId: string, orderId: string, actor: Actor, expectedVersion?: number) {
    return this.change(partnerId, orderId, { action: 'approved' }, actor, expectedVersion);
  }

  reject(partnerId: string, orderId: string, body: OrderRejectionRequest, actor: Actor, expectedVersion?: number) {
    return this.change(
      partnerId,
      orderId,
      { action: 'rejected', reason: body.reason, message: body.message },
      actor,
      expectedVersion,
    );
  }

  private async change(
    partnerId: string,
    orderId: string,
    change: OrderChange,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<OrderDetail> {
    await transitionOrder(this.dataSource, this.outbox, { orderId, partnerId, actor, expectedVersion, change });
    return this.get(partnerId, orderId);
  }
}
