import { Webhook, WebhookVerificationError as StandardWebhookError } from 'standardwebhooks';
import type { WebhookPayload } from './event-types.js';

/** A webhook that is not ours: bad or missing signature, or a timestamp more than 5 minutes off. */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

/** Request headers as Node's `IncomingMessage.headers`, a fetch `Headers`, or a plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Verifies a webhook as the Standard Webhooks spec says (HMAC-SHA256 over id, timestamp and the raw body;
 * timestamps more than 5 minutes off are refused) and returns the event, typed by its `type`:
 *
 *   const event = verifyWebhook(rawBody, req.headers, secret);
 *   if (event.type === 'order.created') event.data.orderNumber;
 *
 * Pass the body exactly as received (a string or its bytes), not re-serialised JSON.
 * Throws WebhookVerificationError when the webhook is not signed with `secret`.
 */
export function verifyWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string): WebhookPayload {
  const flat: Record<string, string> = {};
  if (isHeaders(headers)) headers.forEach((value, name) => (flat[name.toLowerCase()] = value));
  else
    for (const [name, value] of Object.entries(headers))
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : (value ?? '');
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  let payload: Omit<WebhookPayload, 'id'>;
  try {
    payload = new Webhook(secret).verify(body, flat) as Omit<WebhookPayload, 'id'>;
  } catch (error) {
    if (error instanceof StandardWebhookError) throw new WebhookVerificationError(error.message);
    throw error;
  }
  return { ...payload, id: flat['webhook-id'] } as WebhookPayload;
}

function isHeaders(headers: WebhookHeaders): headers is Headers {
  return typeof (headers as Headers).get === 'function' && typeof (headers as Headers).forEach === 'function';
}
