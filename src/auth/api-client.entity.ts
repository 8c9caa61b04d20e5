import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Machine-to-machine credentials of one partner (OAuth2 client credentials). */
@Entity({ name: 'api_client' })
export class ApiClient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The partner it acts for; empty for an operator client. */
  @Column({ name: 'partner_id', type: 'uuid', nullable: true })
  partnerId: string | null;

  /** partner: a partner's integration; operator: the issuer's own staff or production line. */
  @Column({ type: 'text' })
  role: 'partner' | 'operator';

  /** The public client id sent to the token endpoint. */
  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  /** scrypt hash of the secret; the secret itself is never stored. Empty for a client that signs with keys only. */
  @Column({ name: 'secret_hash', type: 'text', nullable: true })
  secretHash: string | null;

  @Column({ type: 'text' })
  name: string;

  /** The scopes this client may be granted. */
  @Column({ type: 'text', array: true })
  scopes: string[];

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** When a token was last issued to it or used; written at most about once a minute (ClientUsage). */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
