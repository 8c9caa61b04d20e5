import type { SqlExecutor } from '../db/sql-executor';

/** Every statement on the `partner` table. */
export class PartnersRepository {
  constructor(private readonly sql: SqlExecutor) {}

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
}
