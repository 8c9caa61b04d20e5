import type { DataSource } from 'typeorm';
import { runApprovalPolicies } from '../approval-policies/approval-jobs';
import type { Actor } from '../audit/audit';
import { CardChange, transitionCard } from '../cards/card-lifecycle';
import { expireCards, runProductionLine } from '../cards/card-jobs';
import { sendExpiryNotices } from '../expiry-notices/expiry-notice-jobs';
import { Clock, osloDate } from '../common/clock';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import { requireSingleLineText } from '../validation/text';
import { invoiceMonth, previousMonth } from '../invoices/invoicing';
import { previewRetention, runRetention } from '../retention/retention';
import type { JobName, JobRun, OperatorCard, RetentionPreview } from './operator.dto';
import { toOperatorCard } from './operator-card.mapper';

/** The issuer's side: the production line reports cards shipped and activated; staff revoke and run jobs. */
export class OperatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly settings: {
      productionLineDelaySeconds: number;
      productionLineAllowed: boolean;
      retentionPeriodDays: number;
    },
  ) {}

  async changeCard(cardId: string, change: CardChange, actor: Actor): Promise<OperatorCard> {
    if (change.action === 'revoked') requireSingleLineText('reason', change.reason, 500);
    if (change.action === 'shipped') requireSingleLineText('trackingNumber', change.trackingNumber, 40);
    const card = await this.dataSource.transaction((manager) =>
      transitionCard(manager, this.outbox, cardId, change, actor),
    );
    return toOperatorCard(card);
  }

  /** Retention's cutoff: the retention period before today. */
  private retentionCutoff(today: string): string {
    const cutoff = new Date(`${today}T00:00:00Z`);
    cutoff.setUTCDate(cutoff.getUTCDate() - this.settings.retentionPeriodDays);
    return cutoff.toISOString().slice(0, 10);
  }

  async previewRetention(): Promise<RetentionPreview> {
    const today = osloDate(this.clock.now());
    const cutoff = this.retentionCutoff(today);
    return { cutoff, ...(await previewRetention(this.dataSource, cutoff, today)) };
  }

  /**
   * Runs a scheduled job now, for the current Oslo day; the pg-boss schedules call the same functions.
   * `month` (YYYY-MM) picks the month to invoice; the month before today's when absent.
   */
  async runJob(job: JobName, month?: string): Promise<JobRun> {
    const day = osloDate(this.clock.now());
    if (month !== undefined && job !== 'invoices')
      throw Problem.invalid('month', 'applies to the invoices job only', 'query');
    switch (job) {
      case 'invoices': {
        const periodStart = month ? `${month}-01` : previousMonth(day);
        if (periodStart >= `${day.slice(0, 7)}-01`)
          throw Problem.invalid('month', 'must be a month that has ended', 'query');
        const made = await invoiceMonth(this.dataSource, periodStart);
        return { job, day, processed: made.invoices, details: { lines: made.lines } };
      }
      case 'retention': {
        const deleted = await runRetention(this.dataSource, this.retentionCutoff(day), day);
        const { endUsers, orders, cards, powersOfAttorney } = deleted;
        return { job, day, processed: endUsers, details: { endUsers, orders, cards, powersOfAttorney } };
      }
      case 'expire-cards':
        return { job, day, processed: await expireCards(this.dataSource, this.outbox, day) };
      case 'expiry-notices':
        return { job, day, processed: await sendExpiryNotices(this.dataSource, this.outbox, day) };
      case 'approval-policies': {
        const run = await runApprovalPolicies(this.dataSource, this.outbox, this.clock);
        return { job, day, processed: run.rejected + run.overdue, details: { ...run } };
      }
      case 'production-line': {
        if (!this.settings.productionLineAllowed)
          throw new Problem('not-found', 'The production line simulation is off here.');
        const moved = await runProductionLine(this.dataSource, this.outbox, this.settings.productionLineDelaySeconds);
        return { job, day, processed: moved.shipped + moved.activated };
      }
    }
  }
}
