import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { requireAddressLine, requireEmail, requirePostalCode } from '../validation/contact';
import type { PartnerProfile, PartnerProfileUpdate } from './partner.dto';
import { toPartnerProfile } from './partner.mapper';
import { PartnersRepository } from './partners.repository';

export class PartnerService {
  private readonly partners: PartnersRepository;

  constructor(private readonly dataSource: DataSource) {
    this.partners = new PartnersRepository(poolExecutor(dataSource));
  }

  async profile(partnerId: string): Promise<PartnerProfile> {
    const row = await this.partners.findById(partnerId);
    if (!row) throw Problem.notFound(`Partner ${partnerId}`);
    return toPartnerProfile(row);
  }

  async update(partnerId: string, body: PartnerProfileUpdate, actor: Actor): Promise<PartnerProfile> {
    const email =
      body.notificationEmail === undefined || body.notificationEmail === null
        ? body.notificationEmail
        : requireEmail('notificationEmail', body.notificationEmail);
    const address = body.address && {
      street: requireAddressLine('address.street', body.address.street),
      postalCode: requirePostalCode('address.postalCode', body.address.postalCode),
      city: requireAddressLine('address.city', body.address.city, 100),
    };
    const before = await this.profile(partnerId);
    await inTransaction(this.dataSource, async (tx, manager) => {
      await new PartnersRepository(tx).updateSettings(partnerId, { notificationEmail: email, address });
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'partner',
        subjectId: partnerId,
        action: 'settings_changed',
        changes: {
          ...(email !== undefined ? { notificationEmail: { from: before.notificationEmail, to: email } } : {}),
          ...(address ? { address: { from: before.address ?? null, to: address } } : {}),
        },
      });
    });
    return this.profile(partnerId);
  }
}
