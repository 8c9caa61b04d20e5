import type { SqlExecutor } from '../db/sql-executor';

/** A partner with its settings, as the partner endpoint answers it. */
export interface PartnerRow {
  id: string;
  name: string;
  organisation_number: string;
  notification_email: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
}

export interface PostalAddressValues {
  street: string;
  postalCode: string;
  city: string;
}

/** A change of the partner's settings: `notificationEmail` undefined leaves it, null clears it. */
export interface PartnerSettingsWrite {
  notificationEmail?: string | null;
  address?: PostalAddressValues;
}

const COLUMNS = `id, name, organisation_number, notification_email, street, postal_code, city`;

/** Every statement on the `partner` table. */
export class PartnersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  findById(partnerId: string): Promise<PartnerRow | undefined> {
    return this.sql.first<PartnerRow>(`SELECT ${COLUMNS} FROM partner WHERE id = $1`, [partnerId]);
  }

  /** The partner's id by its organisation number (Maskinporten tokens and the demo data name partners so). */
  async idByOrganisationNumber(organisationNumber: string): Promise<string | undefined> {
    const row = await this.sql.first<{ id: string }>(`SELECT id FROM partner WHERE organisation_number = $1`, [
      organisationNumber,
    ]);
    return row?.id;
  }

  /**
   * Locks the partner row for the rest of the transaction: the way to serialise per-partner limits (how many
   * webhook endpoints or API clients a partner has). Answers whether the partner exists.
   */
  async lock(partnerId: string): Promise<boolean> {
    return (await this.sql.first(`SELECT 1 FROM partner WHERE id = $1 FOR UPDATE`, [partnerId])) !== undefined;
  }

  async updateSettings(partnerId: string, change: PartnerSettingsWrite): Promise<void> {
    await this.sql.execute(
      `UPDATE partner SET notification_email = CASE WHEN $2 THEN $3 ELSE notification_email END,
              street = coalesce($4, street), postal_code = coalesce($5, postal_code), city = coalesce($6, city)
        WHERE id = $1`,
      [
        partnerId,
        change.notificationEmail !== undefined,
        change.notificationEmail ?? null,
        change.address?.street ?? null,
        change.address?.postalCode ?? null,
        change.address?.city ?? null,
      ],
    );
  }

  // ---- demo data (src/demo/seed.ts)

  async insert(partner: {
    name: string;
    organisationNumber: string;
    notificationEmail: string | null;
    address: PostalAddressValues;
  }): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO partner (name, organisation_number, notification_email, street, postal_code, city)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        partner.name,
        partner.organisationNumber,
        partner.notificationEmail,
        partner.address.street,
        partner.address.postalCode,
        partner.address.city,
      ],
    );
    if (!row) throw new Error('INSERT INTO partner … RETURNING id answered no row');
    return row.id;
  }

  /** The address of the partner named so, if it has none yet (demo databases from before addresses existed). */
  async setAddressIfMissing(name: string, address: PostalAddressValues): Promise<void> {
    await this.sql.execute(
      `UPDATE partner SET street = $2, postal_code = $3, city = $4 WHERE name = $1 AND street IS NULL`,
      [name, address.street, address.postalCode, address.city],
    );
  }
}
