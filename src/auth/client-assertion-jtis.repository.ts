import type { SqlExecutor } from '../db/sql-executor';

/** The client_assertion_jti table: the `jti` of every client assertion used, kept until the assertion expires. */
export class ClientAssertionJtisRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Forgets the client's ids that expired before `now`. */
  async deleteExpired(apiClientId: string, now: Date): Promise<void> {
    await this.sql.execute(`DELETE FROM client_assertion_jti WHERE api_client_id = $1 AND expires_at < $2`, [
      apiClientId,
      now,
    ]);
  }

  /** Records the id; false when the client used it before. */
  async insertOnce(apiClientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const inserted = await this.sql.execute(
      `INSERT INTO client_assertion_jti (api_client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [apiClientId, jti, expiresAt],
    );
    return inserted > 0;
  }
}
