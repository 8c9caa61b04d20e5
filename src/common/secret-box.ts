import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets the API must read back are stored sealed (AES-256-GCM under WEBHOOK_SECRET_KEY): webhook signing secrets
 * (whoever reads the database cannot sign webhooks in a partner's name; a hash would not do, the API signs with
 * them) and the answers kept for Idempotency-Key replays. In common/: webhooks and idempotency both use it.
 */
const VERSION = 'v1';

function key(secretKey: string): Buffer {
  return createHash('sha256').update(secretKey, 'utf8').digest();
}

export function seal(plaintext: string, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secretKey), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
}

export function unseal(stored: string, secretKey: string): string {
  if (!stored.startsWith(`${VERSION}:`)) throw new Error('not a sealed webhook secret');
  const raw = Buffer.from(stored.slice(VERSION.length + 1), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key(secretKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
