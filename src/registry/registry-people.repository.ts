import type { SqlExecutor } from '../db/sql-executor';

/** A person of the local population registry (synthetic people loaded with the demo data). */
export interface RegistryPersonRow {
  national_id: string;
  given_name: string;
  family_name: string;
  street: string;
  postal_code: string;
  city: string;
}

/** Every statement on the `registry_person` table. */
export class RegistryPeopleRepository {
  constructor(private readonly sql: SqlExecutor) {}

  findByNationalId(nationalId: string): Promise<RegistryPersonRow | undefined> {
    return this.sql.first<RegistryPersonRow>(
      `SELECT national_id, given_name, family_name, street, postal_code, city FROM registry_person WHERE national_id = $1`,
      [nationalId],
    );
  }

  /** Adds the person unless the national id is there already (the demo seed runs on every start). */
  async insertIfMissing(person: RegistryPersonRow): Promise<void> {
    await this.sql.execute(
      `INSERT INTO registry_person (national_id, given_name, family_name, street, postal_code, city)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (national_id) DO NOTHING`,
      [person.national_id, person.given_name, person.family_name, person.street, person.postal_code, person.city],
    );
  }
}
