import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * End users' idempotency keys move from a plain SHA-256 of the national identity number to an HMAC under
 * NATIONAL_ID_HASH_KEY. The old rows cannot be re-keyed (that would take the number the hash hides) and anyone
 * can reverse them, so they go: a key lives 24 hours anyway, and an end user's retry within that day of the
 * upgrade runs again, which the order rules (one pending renewal, one pending additional card) bound.
 * Stored answers keep no whole national identity number: every 11-digit run in one is masked to its six
 * birth-date digits, as partners see it (a body sealed at rest, `v1:`, is left as it is: its text is ciphertext).
 */
export class KeyedNationalIdHashes1766500000000 implements MigrationInterface {
  name = 'KeyedNationalIdHashes1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_key WHERE caller LIKE 'end_user:%'`);
    await q.query(
      `UPDATE idempotency_key SET response_body = regexp_replace(response_body, '(?<![0-9])([0-9]{6})[0-9]{5}(?![0-9])', '\\1*****', 'g')
        WHERE response_body NOT LIKE 'v1:%' AND response_body ~ '(?<![0-9])[0-9]{11}(?![0-9])'`,
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: deleted keys and masked digits cannot come back, and the old code reads the rows as they are.
  }
}
