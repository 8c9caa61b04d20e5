import { CARD_STATUSES, type CardStatus } from '../glossary/card-terms';
export { CARD_STATUSES, type CardStatus } from '../glossary/card-terms';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An eID on a smartcard, issued on a partner's card product. */
@Entity({ name: 'card' })
export class Card {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'serial_number', type: 'text', insert: false, update: false })
  serialNumber: string;

  @Column({ name: 'end_user_id', type: 'uuid' })
  endUserId: string;

  @Column({ name: 'card_product_id', type: 'uuid' })
  cardProductId: string;

  /** Copied from the card product so that every partner query is one indexed predicate. */
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  /** The order that produced the card; empty for cards issued before self-service ordering. */
  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'enum', enum: CARD_STATUSES, enumName: 'card_status' })
  status: CardStatus;

  @Column({ name: 'expires_on', type: 'date' })
  expiresOn: string;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
