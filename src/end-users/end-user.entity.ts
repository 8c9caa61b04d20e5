import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person who holds or wants an eID on a smartcard. One row per person, whichever partners they order through. */
@Entity({ name: 'end_user' })
export class EndUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Fødselsnummer or D-nummer, 11 digits. */
  @Column({ name: 'national_id', type: 'char', length: 11 })
  nationalId: string;

  @Column({ name: 'given_name', type: 'text' })
  givenName: string;

  @Column({ name: 'family_name', type: 'text' })
  familyName: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** Address in the national population registry (folkeregistrert adresse). */
  @Column({ name: 'registered_street', type: 'text' })
  registeredStreet: string;

  @Column({ name: 'registered_postal_code', type: 'char', length: 4 })
  registeredPostalCode: string;

  @Column({ name: 'registered_city', type: 'text' })
  registeredCity: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
