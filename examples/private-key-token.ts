/**
 * Moves an integration from a shared secret to a key (RFC 7523 private_key_jwt), the way Maskinporten and
 * HelseID clients work:
 *   1. gets a token with the demo client's secret (scope credentials:manage);
 *   2. generates an EC P-256 key pair with Web Crypto;
 *   3. creates a new API client that has the public key only, no secret (POST /v1/api-clients);
 *   4. gets a token with a client assertion signed by the private key (the SDK's fetchTokenWithPrivateKey),
 *      and lists one order with it.
 * With --save the private key is written to private-key.jwk.json (mode 0600) for later runs of your own.
 *
 * Run against `npm start`:   npx tsx examples/private-key-token.ts
 * Settings: PARTNERWEB_URL (http://localhost:3000), PARTNERWEB_CLIENT_ID, PARTNERWEB_CLIENT_SECRET,
 * PARTNERWEB_AUDIENCE (the token endpoint URL unless set; the issuer name `partnerweb` is accepted too).
 */
import { writeFileSync } from 'node:fs';
import { fetchTokenWithPrivateKey, type PrivateJwk } from '@partnerweb/sdk';

const baseUrl = (process.env.PARTNERWEB_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const tokenUrl = `${baseUrl}/oauth/token`;
const clientId = process.env.PARTNERWEB_CLIENT_ID ?? 'demo-nordlys';
const clientSecret = process.env.PARTNERWEB_CLIENT_SECRET ?? 'nordlys-demo-secret';
const audience = process.env.PARTNERWEB_AUDIENCE ?? tokenUrl;

async function json(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${response.status} ${String(body.code)}: ${String(body.detail)}`);
  return body;
}

async function main(): Promise<void> {
  // 1. A token with the secret, only to register the key.
  const basic = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}`;
  const setup = await json(
    await fetch(tokenUrl, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=credentials:manage%20orders:read',
    }),
  );

  // 2. The key pair. The private key never leaves this process (or your secret store).
  const kid = `example-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const publicJwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
  const privateJwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid } as PrivateJwk;
  delete (publicJwk as { key_ops?: unknown }).key_ops;
  delete (publicJwk as { ext?: unknown }).ext;

  // 3. A client with the public key only.
  const created = await json(
    await fetch(`${baseUrl}/v1/api-clients`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${String(setup.access_token)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'examples/private-key-token.ts', scopes: ['orders:read'], keys: [publicJwk] }),
    }),
  );
  console.log(
    `registered key ${kid} on the new API client ${String(created.clientId)} (id ${String(created.id)}), no secret`,
  );
  if (process.argv.includes('--save')) {
    writeFileSync('private-key.jwk.json', JSON.stringify({ clientId: created.clientId, privateJwk }, null, 2), {
      mode: 0o600,
    });
    console.log('private key written to private-key.jwk.json');
  }

  // 4. A token with the key, and a call with it.
  const token = await fetchTokenWithPrivateKey({
    tokenUrl,
    audience,
    clientId: String(created.clientId),
    privateKey: privateJwk,
  });
  console.log(`token with the private key: scope "${token.scope}", expires in ${token.expires_in} s`);
  const orders = await json(
    await fetch(`${baseUrl}/v1/orders?limit=1`, { headers: { Authorization: `Bearer ${token.access_token}` } }),
  );
  console.log(`GET /v1/orders with it: ${(orders.data as unknown[]).length} order(s) on the first page`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
