import type { SqlExecutor } from '../db/sql-executor';

/** A key's stored request and, once it is done, its answer. */
export interface IdempotencyKeyRow {
  request_fingerprint: string;
  status_code: number | null;
  /** The replayed headers by name (content-type, etag, location). */
  response_headers: Record<string, string> | null;
  /** Sealed (`v1:…`); answers stored before sealing are plain text. */
  response_body: string | null;
  completed_at: Date | null;
}

/** The answer to store for a key. */
export interface IdempotentAnswer {
  statusCode: number;
  headers: Record<string, string>;
  sealedBody: string;
}

/** How long a key is remembered, and after how long an unfinished claim counts as abandoned (a crash). */
export const KEY_LIFETIME = '24 hours';
const ABANDONED_AFTER = '60 seconds';

/** The idempotency_key table: per caller, each Idempotency-Key's request fingerprint and stored answer. */
export class IdempotencyKeysRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Claims the key for this request: true when it is new, expired, or an abandoned claim of the same request
   * (which then starts over); false when it is taken (read it with `find`).
   */
  async claim(caller: string, key: string, fingerprint: string): Promise<boolean> {
    const claimed = await this.sql.execute(
      `INSERT INTO idempotency_key (caller, key, request_fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (caller, key) DO UPDATE
         SET request_fingerprint = EXCLUDED.request_fingerprint, created_at = now(),
             status_code = NULL, response_headers = NULL, response_body = NULL, completed_at = NULL
       WHERE idempotency_key.created_at < now() - interval '${KEY_LIFETIME}'
          OR (idempotency_key.completed_at IS NULL
              AND idempotency_key.created_at < now() - interval '${ABANDONED_AFTER}'
              AND idempotency_key.request_fingerprint = EXCLUDED.request_fingerprint)`,
      [caller, key, fingerprint],
    );
    return claimed > 0;
  }

  find(caller: string, key: string): Promise<IdempotencyKeyRow | undefined> {
    return this.sql.first<IdempotencyKeyRow>(
      `SELECT request_fingerprint, status_code, response_headers, response_body, completed_at
         FROM idempotency_key WHERE caller = $1 AND key = $2`,
      [caller, key],
    );
  }

  async storeAnswer(caller: string, key: string, answer: IdempotentAnswer): Promise<void> {
    await this.sql.execute(
      `UPDATE idempotency_key SET status_code = $3, response_headers = $4, response_body = $5, completed_at = now()
        WHERE caller = $1 AND key = $2`,
      [caller, key, answer.statusCode, JSON.stringify(answer.headers), answer.sealedBody],
    );
  }

  /** Forgets the key, so that a retry runs again. */
  async forget(caller: string, key: string): Promise<void> {
    await this.sql.execute(`DELETE FROM idempotency_key WHERE caller = $1 AND key = $2`, [caller, key]);
  }

  /** Deletes the keys older than their lifetime: stored answers hold personal data. Caller: src/retention/retention.ts. */
  deleteExpired(): Promise<number> {
    return this.sql.execute(`DELETE FROM idempotency_key WHERE created_at < now() - interval '${KEY_LIFETIME}'`);
  }
}
