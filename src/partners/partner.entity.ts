import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An organisation with an agreement with the issuer. */
@Entity({ name: 'partner' })
export class Partner {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'organisation_number', type: 'char', length: 9 })
  organisationNumber: string;

  /** Shared mailbox that receives a copy of every order confirmation on the partner's card products. */
  @Column({ name: 'notification_email', type: 'text', nullable: true })
  notificationEmail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
