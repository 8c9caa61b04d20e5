import type { ApiClientKeyRow, ApiClientSummaryRow } from '../auth/api-clients.repository';
import type { ApiClientKey, ApiClientView } from './api-client.dto';
import { isoTimestamp, isoTimestampOrNull } from '../common/iso-timestamp';

/** A client's public key as the credentials API answers with it. */
export function toApiClientKey(row: ApiClientKeyRow): ApiClientKey {
  return {
    kid: row.kid,
    jwk: row.jwk,
    createdAt: isoTimestamp(row.created_at),
    lastUsedAt: isoTimestampOrNull(row.last_used_at),
  };
}

/** A client as the credentials API answers with it; `keys` may hold other clients' keys too (a list's). */
export function toApiClientView(row: ApiClientSummaryRow, keys: ApiClientKeyRow[]): ApiClientView {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    scopes: row.scopes,
    hasSecret: row.has_secret,
    keys: keys.filter((k) => k.api_client_id === row.id).map(toApiClientKey),
    status: row.disabled_at ? 'revoked' : 'active',
    createdAt: isoTimestamp(row.created_at),
    lastUsedAt: isoTimestampOrNull(row.last_used_at),
    revokedAt: isoTimestampOrNull(row.disabled_at),
  };
}
