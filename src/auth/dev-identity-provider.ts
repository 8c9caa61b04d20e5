import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import type { JSONWebKeySet, JWK } from 'jose' with { 'resolution-mode': 'import' };
import { Problem } from '../common/problem';
import { type Jose, loadJose } from './jose';

type PrivateKey = Awaited<ReturnType<Jose['generateKeyPair']>>['privateKey'];

/**
 * Development only (off when NODE_ENV=production): stands in for the eID provider end users log in with.
 * It signs ES256 tokens for any national identity number asked for, with the claim the real provider uses,
 * and serves its JWKS like a real OpenID provider. The key lives as long as the process.
 */
export class DevIdentityProvider {
  private key: Promise<{ privateKey: PrivateKey; jwk: JWK & { kid: string } }> | undefined;

  constructor(private readonly settings: { issuer: string; audience: string; nationalIdClaim: string }) {}

  private keyPair() {
    this.key ??= (async () => {
      const jose = await loadJose();
      const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await jose.exportJWK(publicKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
      return { privateKey, jwk };
    })();
    return this.key;
  }

  async jwks(): Promise<JSONWebKeySet> {
    const { jwk } = await this.keyPair();
    return { keys: [jwk] };
  }

  /** An eID token for the person with this national identity number, valid for an hour. */
  async issue(nationalId: string): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const jose = await loadJose();
    const { privateKey, jwk } = await this.keyPair();
    const token = await new jose.SignJWT({ [this.settings.nationalIdClaim]: nationalId, acr: 'dev-idp-substantial' })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: 3600 };
  }

  /** GET /dev-idp/jwks and POST /dev-idp/token { "nationalId": "..." } (form or JSON). */
  router(): Router {
    const router = Router();
    router.get('/dev-idp/jwks', async (_req, res, next) => {
      try {
        res.json(await this.jwks());
      } catch (error) {
        next(error);
      }
    });
    router.post(
      '/dev-idp/token',
      express.urlencoded({ extended: false, limit: '2kb' }),
      express.json({ limit: '2kb' }),
      async (req, res, next) => {
        try {
          const nationalId = (req.body as { nationalId?: unknown } | undefined)?.nationalId;
          if (typeof nationalId !== 'string' || !/^\d{11}$/.test(nationalId))
            throw Problem.invalid('nationalId', 'must be 11 digits');
          res.set('Cache-Control', 'no-store').json(await this.issue(nationalId));
        } catch (error) {
          next(error);
        }
      },
    );
    return router;
  }
}
