import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Partner } from './partner.entity';

/** A partner's own card product: every order is placed on one; it decides who approves and who pays. */
@Entity({ name: 'card_product' })
export class CardProduct {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => Partner)
  @JoinColumn({ name: 'partner_id' })
  partner?: Partner;

  /** Short public code used in the partner's order page address. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'card_reader_allowed', type: 'boolean' })
  cardReaderAllowed: boolean;

  @Column({ name: 'validity_months', type: 'integer' })
  validityMonths: number;

  /** Prices in integer øre, VAT excluded. */
  @Column({ name: 'card_price_ore', type: 'integer' })
  cardPriceOre: number;

  @Column({ name: 'card_reader_price_ore', type: 'integer' })
  cardReaderPriceOre: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
