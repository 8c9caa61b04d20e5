import type { DataSource } from 'typeorm';
import { poolExecutor } from '../db/sql-executor';
import { RegistryPeopleRepository } from './registry-people.repository';

/** A person as the national population registry (Folkeregisteret) knows them. */
export interface RegistryPerson {
  nationalId: string;
  givenName: string;
  familyName: string;
  /** The registered address (folkeregistrert adresse). */
  address: { street: string; postalCode: string; city: string };
}

/**
 * The one place where a population-registry client plugs in. The order page and My Page read names and the
 * registered address through this interface only.
 */
export interface PopulationRegistry {
  /** The person, or undefined when the registry does not know the number. */
  lookup(nationalId: string): Promise<RegistryPerson | undefined>;
}

/** The embedded default: a local table of synthetic people, loaded with the demo data. */
export class LocalPopulationRegistry implements PopulationRegistry {
  private readonly people: RegistryPeopleRepository;

  constructor(dataSource: DataSource) {
    this.people = new RegistryPeopleRepository(poolExecutor(dataSource));
  }

  async lookup(nationalId: string): Promise<RegistryPerson | undefined> {
    const row = await this.people.findByNationalId(nationalId);
    if (!row) return undefined;
    return {
      nationalId: row.national_id,
      givenName: row.given_name,
      familyName: row.family_name,
      address: { street: row.street, postalCode: row.postal_code, city: row.city },
    };
  }
}
