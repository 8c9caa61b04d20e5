import { DELIVERY_CHOICES, ORDER_KINDS, ORDER_STATUSES } from '../glossary/order-terms';
import type { DeliveryChoice, OrderKind, OrderStatus } from '../glossary/order-terms';
export { DELIVERY_CHOICES, ORDER_KINDS, ORDER_STATUSES } from '../glossary/order-terms';
export type { DeliveryChoice, OrderKind, OrderStatus } from '../glossary/order-terms';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An end user's order of a card on a partner's card product (bestilling). */
@Entity({ name: 'card_order' })
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-readable number that end users and partners quote, e.g. PW-00001234. */
  @Column({ name: 'order_number', type: 'text', insert: false, update: false })
  orderNumber: string;

  /** Copied from the card product so that every partner query is one indexed predicate. */
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'card_product_id', type: 'uuid' })
  cardProductId: string;

  @Column({ name: 'end_user_id', type: 'uuid' })
  endUserId: string;

  @Column({ type: 'enum', enum: ORDER_KINDS, enumName: 'order_kind' })
  kind: OrderKind;

  @Column({ type: 'enum', enum: ORDER_STATUSES, enumName: 'order_status' })
  status: OrderStatus;

  /** Free text typed by the end user (Bedrift); the partner may correct it while the order is pending. */
  @Column({ type: 'text' })
  company: string;

  @Column({ name: 'card_reader', type: 'boolean' })
  cardReader: boolean;

  /** For a renewal: the card it renews. */
  @Column({ name: 'renews_card_id', type: 'uuid', nullable: true })
  renewsCardId: string | null;

  /** Which address the end user chose for the post; the delivery columns hold it as chosen. */
  @Column({ name: 'delivery_choice', type: 'enum', enum: DELIVERY_CHOICES, enumName: 'delivery_choice' })
  deliveryChoice: DeliveryChoice;

  @Column({ name: 'delivery_name', type: 'text' })
  deliveryName: string;

  @Column({ name: 'delivery_street', type: 'text' })
  deliveryStreet: string;

  @Column({ name: 'delivery_postal_code', type: 'char', length: 4 })
  deliveryPostalCode: string;

  @Column({ name: 'delivery_city', type: 'text' })
  deliveryCity: string;

  /** The registered address as it was when the order was placed. */
  @Column({ name: 'registered_street', type: 'text' })
  registeredStreet: string;

  @Column({ name: 'registered_postal_code', type: 'char', length: 4 })
  registeredPostalCode: string;

  @Column({ name: 'registered_city', type: 'text' })
  registeredCity: string;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'rejection_message', type: 'text', nullable: true })
  rejectionMessage: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Bumped on every change; the ETag of the order. */
  @Column({ type: 'integer' })
  version: number;

  /** The order date. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
