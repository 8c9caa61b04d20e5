import type { DataSource } from 'typeorm';
import { Actor, recordAudit } from '../audit/audit';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { CardProductsRepository } from '../partners/card-products.repository';
import { REJECTION_MESSAGE_MAX_LENGTH, requireMultiLineText } from '../validation/text';
import type { ApprovalPolicy, ApprovalPolicyList, ApprovalPolicyUpdate } from './approval-policy.dto';
import { DEFAULT_REMINDER_AFTER_WORKING_DAYS, toApprovalPolicy } from './approval-policy.mapper';
import { ApprovalPolicyFields, ApprovalPolicyRepository } from './approval-policy.repository';

/** A partner's approval policies, one per card product: read and set through the API, audited. */
export class ApprovalPoliciesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(partnerId: string): Promise<ApprovalPolicyList> {
    const sql = poolExecutor(this.dataSource);
    const [products, policies] = await Promise.all([
      new CardProductsRepository(sql).ofPartner(partnerId),
      new ApprovalPolicyRepository(sql).ofPartner(partnerId),
    ]);
    const byProduct = new Map(policies.map((p) => [p.card_product_id, p]));
    return { data: products.map((product) => toApprovalPolicy(product, byProduct.get(product.id))) };
  }

  async get(partnerId: string, cardProductId: string): Promise<ApprovalPolicy> {
    const sql = poolExecutor(this.dataSource);
    const product = await new CardProductsRepository(sql).findOfPartner(partnerId, cardProductId);
    if (!product) throw Problem.notFound(`Card product ${cardProductId}`);
    return toApprovalPolicy(product, await new ApprovalPolicyRepository(sql).ofCardProduct(product.id));
  }

  async set(
    partnerId: string,
    cardProductId: string,
    body: ApprovalPolicyUpdate,
    actor: Actor,
  ): Promise<ApprovalPolicy> {
    const fields = policyFields(body);
    return inTransaction(this.dataSource, async (tx, manager) => {
      const product = await new CardProductsRepository(tx).findOfPartner(partnerId, cardProductId);
      if (!product) throw Problem.notFound(`Card product ${cardProductId}`);
      const policies = new ApprovalPolicyRepository(tx);
      const before = toApprovalPolicy(product, await policies.ofCardProduct(product.id));
      const row = await policies.upsert(partnerId, product.id, fields);
      const after = toApprovalPolicy(product, row);
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'partner',
        subjectId: partnerId,
        action: 'approval_policy_set',
        changes: {
          cardProductId: product.id,
          mode: { from: before.mode, to: after.mode },
          autoReject: { from: before.autoReject, to: after.autoReject },
          revokeLeaversCards: { from: before.revokeLeaversCards, to: after.revokeLeaversCards },
          reminderAfterWorkingDays: { from: before.reminderAfterWorkingDays, to: after.reminderAfterWorkingDays },
        },
      });
      return after;
    });
  }
}

/** The stored fields of an update; what is left out takes its default (a PUT replaces the whole policy). */
export function policyFields(body: ApprovalPolicyUpdate): ApprovalPolicyFields {
  const autoReject = body.autoReject ?? null;
  return {
    mode: body.mode,
    rejectAfterDays: autoReject?.afterDays ?? null,
    rejectionMessage: autoReject
      ? requireMultiLineText('autoReject.message', autoReject.message, REJECTION_MESSAGE_MAX_LENGTH)
      : null,
    revokeLeaversCards: body.revokeLeaversCards ?? false,
    reminderAfterWorkingDays: body.reminderAfterWorkingDays ?? DEFAULT_REMINDER_AFTER_WORKING_DAYS,
  };
}
