import type { DataSource } from 'typeorm';
import type { Actor } from '../audit/audit';
import { CardChange, CardRow, transitionCard } from '../cards/card-lifecycle';
import { expireCards, runProductionLine, sendExpiryNotices } from '../cards/card-jobs';
import { Clock, osloDate } from '../common/clock';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import { requireSingleLineText } from '../validation/text';
import type { JobName, JobRun, OperatorCard } from './operator.dto';

function toOperatorCard(card: CardRow): OperatorCard {
  return {
    id: card.id,
    serialNumber: card.serial_number,
    status: card.status,
    partnerId: card.partner_id,
    expiresOn: card.expires_on,
    trackingNumber: card.tracking_number,
  };
}

/** The issuer's side: the production line reports cards shipped and activated; staff revoke and run jobs. */
export class OperatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly settings: { productionLineDelaySeconds: number; productionLineAllowed: boolean },
  ) {}

  async changeCard(cardId: string, change: CardChange, actor: Actor): Promise<OperatorCard> {
    if (change.action === 'revoked') requireSingleLineText('reason', change.reason, 500);
    if (change.action === 'shipped') requireSingleLineText('trackingNumber', change.trackingNumber, 40);
    const card = await this.dataSource.transaction((manager) => transitionCard(manager, this.outbox, cardId, change, actor));
    return toOperatorCard(card);
  }

  /** Runs a scheduled job now, for the current Oslo day; the pg-boss schedules call the same functions. */
  async runJob(job: JobName): Promise<JobRun> {
    const day = osloDate(this.clock.now());
    switch (job) {
      case 'expire-cards':
        return { job, day, processed: await expireCards(this.dataSource, this.outbox, day) };
      case 'expiry-notices':
        return { job, day, processed: await sendExpiryNotices(this.dataSource, this.outbox, day) };
      case 'production-line': {
        if (!this.settings.productionLineAllowed) throw new Problem('not-found', 'The production line simulation is off here.');
        const moved = await runProductionLine(this.dataSource, this.outbox, this.settings.productionLineDelaySeconds);
        return { job, day, processed: moved.shipped + moved.activated };
      }
    }
  }
}
