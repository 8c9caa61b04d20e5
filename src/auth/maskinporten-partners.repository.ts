import type { SqlExecutor } from '../db/sql-executor';

/**
 * The one read of the `partner` table in auth/: which partner a Maskinporten token's organisation number names.
 * The table's repository is `partners/partners.repository.ts` (data-records'), but every controller, partners'
 * too, imports auth/, so auth/ importing partners/ would make the two folders a cycle (RULES.md, layering); and
 * MaskinportenTokens keeps its constructor (config, DataSource, clock), so the lookup cannot be passed in. A change
 * to partner.organisation_number changes this statement too.
 */
export class MaskinportenPartnersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async idByOrganisationNumber(organisationNumber: string): Promise<string | undefined> {
    const row = await this.sql.first<{ id: string }>(`SELECT id FROM partner WHERE organisation_number = $1`, [
      organisationNumber,
    ]);
    return row?.id;
  }
}
