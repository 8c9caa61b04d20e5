import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { Problem } from '../common/problem';
import { requireEmail } from '../validation/contact';
import type { PartnerProfile, PartnerProfileUpdate } from './partner.dto';

export class PartnerService {
  constructor(private readonly dataSource: DataSource) {}

  async profile(partnerId: string): Promise<PartnerProfile> {
    const [row] = await this.dataSource.query(`SELECT id, name, organisation_number, notification_email FROM partner WHERE id = $1`, [partnerId]);
    if (!row) throw Problem.notFound(`Partner ${partnerId}`);
    return { id: row.id, name: row.name, organisationNumber: row.organisation_number, notificationEmail: row.notification_email };
  }

  async update(partnerId: string, body: PartnerProfileUpdate, actor: Actor): Promise<PartnerProfile> {
    const email = body.notificationEmail === null ? null : requireEmail('notificationEmail', body.notificationEmail);
    await this.dataSource.transaction(async (manager) => {
      const [[before]] = await manager.query(
        `UPDATE partner p SET notification_email = $2 FROM partner old WHERE p.id = $1 AND old.id = p.id RETURNING old.notification_email`,
        [partnerId, email],
      );
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'partner',
        subjectId: partnerId,
        action: 'notification_email_changed',
        changes: { notificationEmail: { from: before?.notification_email ?? null, to: email } },
      });
    });
    return this.profile(partnerId);
  }
}
