import type { SqlExecutor } from '../db/sql-executor';

/** A card product with its price list (integer øre, VAT excluded). */
export interface CardProductRow {
  id: string;
  partner_id: string;
  code: string;
  name: string;
  card_reader_allowed: boolean;
  validity_months: number;
  card_price_ore: number;
  card_reader_price_ore: number;
}

/** A card product with its partner's name and address: what an order page shows and where card readers go. */
export interface CardProductWithPartnerRow extends CardProductRow {
  partner_name: string;
  partner_street: string | null;
  partner_postal_code: string | null;
  partner_city: string | null;
}

const COLUMNS = `cp.id, cp.partner_id, cp.code, cp.name, cp.card_reader_allowed, cp.validity_months, cp.card_price_ore,
  cp.card_reader_price_ore`;
const WITH_PARTNER = `${COLUMNS}, p.name AS partner_name, p.street AS partner_street, p.postal_code AS partner_postal_code,
  p.city AS partner_city`;

/** Every statement on the `card_product` table. */

export class CardProductsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  findById(cardProductId: string): Promise<CardProductRow | undefined> {
    return this.sql.first<CardProductRow>(`SELECT ${COLUMNS} FROM card_product cp WHERE cp.id = $1`, [cardProductId]);
  }

  /** The card product of an order page, by its public code, with its partner. */
  findByCode(code: string): Promise<CardProductWithPartnerRow | undefined> {
    return this.sql.first<CardProductWithPartnerRow>(
      `SELECT ${WITH_PARTNER} FROM card_product cp JOIN partner p ON p.id = cp.partner_id WHERE cp.code = $1`,
      [code],
    );
  }

  /** One of the partner's own card products, with the partner; undefined for another partner's or none. */
  findOfPartner(partnerId: string, cardProductId: string): Promise<CardProductWithPartnerRow | undefined> {
    return this.sql.first<CardProductWithPartnerRow>(
      `SELECT ${WITH_PARTNER} FROM card_product cp JOIN partner p ON p.id = cp.partner_id
        WHERE cp.id = $1 AND cp.partner_id = $2`,
      [cardProductId, partnerId],
    );
  }

  // ---- demo data (src/demo/seed.ts)

  async insert(product: {
    /** A fixed id (the demo data's, which the spec's Try-it-out examples name); a new one when absent. */
    id?: string;
    partnerId: string;
    code: string;
    name: string;
    cardReaderAllowed: boolean;
    cardPriceOre: number;
    cardReaderPriceOre: number;
  }): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO card_product (id, partner_id, code, name, card_reader_allowed, card_price_ore, card_reader_price_ore)
       VALUES (coalesce($7::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        product.partnerId,
        product.code,
        product.name,
        product.cardReaderAllowed,
        product.cardPriceOre,
        product.cardReaderPriceOre,
        product.id ?? null,
      ],
    );
    if (!row) throw new Error('INSERT INTO card_product … RETURNING id answered no row');
    return row.id;
  }

  // ---- approval policies (src/approval-policies/, scim)

  /** The partner's card products, oldest first: one approval policy each. */
  ofPartner(partnerId: string): Promise<CardProductRow[]> {
    return this.sql.rows<CardProductRow>(
      `SELECT ${COLUMNS} FROM card_product cp WHERE cp.partner_id = $1 ORDER BY cp.created_at, cp.id LIMIT 100`,
      [partnerId],
    );
  }
}
