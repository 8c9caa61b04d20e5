import type { OperatorPrincipal, PartnerPrincipal } from './principal';

type TokenPrincipal = PartnerPrincipal | OperatorPrincipal;

/**
 * Access tokens this process has verified, with the principal each carries, until the token expires.
 *
 * Why: a client sends the same token on every call for its lifetime, and verifying it again each time
 * (passport, then jsonwebtoken's HMAC check and claim checks) cost 0.07 of the 0.70 ms of CPU that an
 * order-list request took (paired runs, BENCHMARKS.md). Safe because the key is the whole token, signature
 * included, so only a byte-identical token that passed verification is found; an entry never outlives the
 * token's `exp`; and nothing revokes an access token before `exp` anyway (they are stateless JWTs).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: TokenPrincipal; expiresAtMs: number }>();

  /** `maxEntries` bounds the memory: past it, the oldest entry goes (its token is verified again if it comes back). */
  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): TokenPrincipal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  remember(token: string, principal: TokenPrincipal, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    // Shared by every request with this token: frozen, so that no request can change what the next one sees.
    if (principal.kind === 'partner') Object.freeze(principal.scopes);
    this.entries.set(token, { principal: Object.freeze(principal), expiresAtMs });
  }
}
