import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import { type ApiClientRow, ApiClientsRepository } from './api-clients.repository';
import { ClientAssertionJtisRepository } from './client-assertion-jtis.repository';
import { loadJose } from './jose';
import { ASSERTION_ALGORITHMS, keyFitsAlgorithm } from './public-jwk';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** An assertion may live at most this long (Maskinporten: 120 s), so that its `jti` need be kept only that long. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 120;
/** Clock skew forgiven between the client and us. */
const CLOCK_TOLERANCE_SECONDS = 5;

function refused(detail: string): Problem {
  return new Problem('invalid-client', `The client assertion was refused: ${detail}.`);
}

/**
 * Verifies RFC 7523 client assertions (`private_key_jwt`, as Maskinporten and HelseID use them): signed with a
 * registered public key named by `kid`, asymmetric algorithms only, iss = sub = the client id, aud this
 * token endpoint's URL or our issuer name, a short `exp`, and a `jti` never seen before (kept until `exp`).
 */
export class ClientAssertions {
  private readonly clients: ApiClientsRepository;
  private readonly jtis: ClientAssertionJtisRepository;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    /** The audiences accepted: the token endpoint URL and the issuer name. */
    private readonly audiences: string[],
  ) {
    const sql = poolExecutor(dataSource);
    this.clients = new ApiClientsRepository(sql);
    this.jtis = new ClientAssertionJtisRepository(sql);
  }

  /** The client the assertion authenticates and the id of the key row that signed it; otherwise invalid-client. */
  async verify(assertion: string, clientIdField?: string): Promise<{ client: ApiClientRow; keyId: string }> {
    const jose = await loadJose();
    let header: { alg?: string; kid?: string };
    let issuer: unknown;
    try {
      header = jose.decodeProtectedHeader(assertion);
      issuer = jose.decodeJwt(assertion).iss;
    } catch {
      throw refused('it is not a JWT');
    }
    if (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > 200)
      throw refused('iss must be your client id');
    if (clientIdField !== undefined && clientIdField !== issuer)
      throw refused('client_id and the assertion’s iss differ');
    if (!header.alg || !(ASSERTION_ALGORITHMS as readonly string[]).includes(header.alg)) {
      throw refused(`alg must be one of ${ASSERTION_ALGORITHMS.join(', ')}`);
    }
    if (typeof header.kid !== 'string' || header.kid.length > 200)
      throw refused('the header needs the kid of a key you registered');

    const client = await this.clients.findByClientId(issuer);
    const key = client ? await this.clients.findKey(client.id, header.kid) : undefined;
    // One answer for an unknown client, a revoked one and an unknown kid: nothing to learn by probing.
    if (!client || client.disabled_at || !key)
      throw refused('unknown client id, revoked client, or no key with this kid');
    if ((key.jwk.alg && key.jwk.alg !== header.alg) || !keyFitsAlgorithm(key.jwk, header.alg))
      throw refused(`key ${header.kid} does not sign with ${header.alg}`);

    const now = this.clock.now();
    let payload;
    try {
      const publicKey = await jose.importJWK(key.jwk, header.alg);
      ({ payload } = await jose.jwtVerify(assertion, publicKey, {
        algorithms: [header.alg],
        issuer: client.client_id,
        subject: client.client_id,
        audience: this.audiences,
        requiredClaims: ['exp', 'jti'],
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw refused((error as Error).message);
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const exp = payload.exp!;
    if (
      exp - (payload.iat ?? nowSeconds) > MAX_ASSERTION_LIFETIME_SECONDS ||
      exp - nowSeconds > MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS
    ) {
      throw refused(`exp must be at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds after iat and from now`);
    }
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200)
      throw refused('jti must be a string of 1 to 200 characters');
    await this.useOnce(client.id, payload.jti, new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000), now);
    return { client, keyId: key.id };
  }

  /** Records the jti; a second use, before or after its first answer, is refused. Expired ids of the client go. */
  private async useOnce(apiClientId: string, jti: string, expiresAt: Date, now: Date): Promise<void> {
    await this.jtis.deleteExpired(apiClientId, now);
    if (!(await this.jtis.insertOnce(apiClientId, jti, expiresAt)))
      throw refused('this jti was used before; make a new assertion, with a new jti, for every token request');
  }
}
