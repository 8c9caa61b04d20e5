import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { Problem } from '../common/problem';
import { requireAddressLine, requireEmail, requirePostalCode } from '../validation/contact';
import type { PartnerProfile, PartnerProfileUpdate } from './partner.dto';

export class PartnerService {
  constructor(private readonly dataSource: DataSource) {}

  async profile(partnerId: string): Promise<PartnerProfile> {
    const [row] = await this.dataSource.query(
      `SELECT id, name, organisation_number, notification_email, street, postal_code, city FROM partner WHERE id = $1`,
      [partnerId],
    );
    if (!row) throw Problem.notFound(`Partner ${partnerId}`);
    return {
      id: row.id,
      name: row.name,
      organisationNumber: row.organisation_number,
      notificationEmail: row.notification_email,
      ...(row.street ? { address: { street: row.street, postalCode: row.postal_code, city: row.city } } : {}),
    };
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
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE partner SET notification_email = CASE WHEN $2 THEN $3 ELSE notification_email END,
                street = coalesce($4, street), postal_code = coalesce($5, postal_code), city = coalesce($6, city)
          WHERE id = $1`,
        [
          partnerId,
          email !== undefined,
          email ?? null,
          address?.street ?? null,
          address?.postalCode ?? null,
          address?.city ?? null,
        ],
      );
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
