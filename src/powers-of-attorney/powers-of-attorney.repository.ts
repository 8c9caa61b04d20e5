import type { CursorPosition } from '../common/pagination';
import type { SqlExecutor } from '../db/sql-executor';

/** A power of attorney without its content. */
export interface PowerOfAttorneyRow {
  id: string;
  partner_id: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  digitally_signed: boolean;
  uploaded_at: Date;
  /** YYYY-MM-DD */
  keep_until: string;
}

export interface PowerOfAttorneyWithContentRow extends PowerOfAttorneyRow {
  content: Buffer;
}

export interface NewPowerOfAttorney {
  partnerId: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  digitallySigned: boolean;
  content: Buffer;
  uploadedBy: string;
  keepUntil: string;
}

const COLUMNS = `id, partner_id, filename, size_bytes, sha256, digitally_signed, uploaded_at, keep_until::text`;

/** Every statement on the `power_of_attorney` table. */
export class PowersOfAttorneyRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** The partner's document with this checksum, if it was handed over already. */
  async idBySha256(partnerId: string, sha256: string): Promise<string | undefined> {
    const row = await this.sql.first<{ id: string }>(
      `SELECT id FROM power_of_attorney WHERE partner_id = $1 AND sha256 = $2`,
      [partnerId, sha256],
    );
    return row?.id;
  }

  async insert(document: NewPowerOfAttorney): Promise<PowerOfAttorneyRow> {
    const row = await this.sql.first<PowerOfAttorneyRow>(
      `INSERT INTO power_of_attorney (partner_id, filename, size_bytes, sha256, digitally_signed, content, uploaded_by, keep_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        document.partnerId,
        document.filename,
        document.sizeBytes,
        document.sha256,
        document.digitallySigned,
        document.content,
        document.uploadedBy,
        document.keepUntil,
      ],
    );
    if (!row) throw new Error('INSERT INTO power_of_attorney … RETURNING answered no row');
    return row;
  }

  /** Up to `limit` of the partner's documents after `after`, newest first. */
  pageOfPartner(partnerId: string, after: CursorPosition | undefined, limit: number): Promise<PowerOfAttorneyRow[]> {
    return this.sql.rows<PowerOfAttorneyRow>(
      `SELECT ${COLUMNS} FROM power_of_attorney
        WHERE partner_id = $1 AND ($2::timestamptz IS NULL OR (uploaded_at, id) < ($2, $3::uuid))
        ORDER BY uploaded_at DESC, id DESC LIMIT $4`,
      [partnerId, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  findOfPartner(partnerId: string, id: string): Promise<PowerOfAttorneyRow | undefined> {
    return this.sql.first<PowerOfAttorneyRow>(
      `SELECT ${COLUMNS} FROM power_of_attorney WHERE id = $1 AND partner_id = $2`,
      [id, partnerId],
    );
  }

  findWithContentOfPartner(partnerId: string, id: string): Promise<PowerOfAttorneyWithContentRow | undefined> {
    return this.sql.first<PowerOfAttorneyWithContentRow>(
      `SELECT ${COLUMNS}, content FROM power_of_attorney WHERE id = $1 AND partner_id = $2`,
      [id, partnerId],
    );
  }

  // ---- retention (src/retention/retention.ts)

  /** How many documents are kept no longer than before `today`. */
  async countPastKeepUntil(today: string): Promise<number> {
    const row = await this.sql.first<{ count: number }>(
      `SELECT count(*)::int AS count FROM power_of_attorney WHERE keep_until < $1::date`,
      [today],
    );
    return row?.count ?? 0;
  }

  /** Deletes the documents kept no longer than before `today`; answers which went. */
  deletePastKeepUntil(today: string): Promise<{ id: string; partner_id: string }[]> {
    return this.sql.rows<{ id: string; partner_id: string }>(
      `DELETE FROM power_of_attorney WHERE keep_until < $1::date RETURNING id, partner_id`,
      [today],
    );
  }
}
