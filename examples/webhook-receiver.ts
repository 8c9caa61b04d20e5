/**
 * A partner's webhook receiver: verifies each webhook's signature (Standard Webhooks) with the SDK and
 * decides new orders as they arrive, by the rule in staff-register.ts. Repeats of an event (same
 * `webhook-id`) are ignored, as the spec asks of receivers.
 *
 * Run against `npm start`:
 *   npx tsx examples/webhook-receiver.ts --register     registers http://localhost:4000/webhooks and prints the secret
 *   WEBHOOK_SECRET=whsec_... npx tsx examples/webhook-receiver.ts      with an endpoint registered before
 * Then order a card as an end user (README, "The end user's side"): the order is decided within a second.
 * Settings: PARTNERWEB_URL (http://localhost:3000), PARTNERWEB_CLIENT_ID, PARTNERWEB_CLIENT_SECRET, OWN_NAME,
 * WEBHOOK_RECEIVER_PORT (4000; not PORT, which is the API's), PUBLIC_URL (http://localhost:$WEBHOOK_RECEIVER_PORT/webhooks: where the API reaches this receiver).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConflictError,
  PartnerwebClient,
  PreconditionFailedError,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookPayload,
} from '@partnerweb/sdk';
import { decide, NOT_AFFILIATED } from './staff-register';

const baseUrl = process.env.PARTNERWEB_URL ?? 'http://localhost:3000';
const partnerweb = new PartnerwebClient({
  baseUrl,
  clientId: process.env.PARTNERWEB_CLIENT_ID ?? 'demo-nordlys',
  clientSecret: process.env.PARTNERWEB_CLIENT_SECRET ?? 'nordlys-demo-secret',
});
const ownName = process.env.OWN_NAME ?? 'Nordlys';
const seen = new Set<string>();

async function onEvent(event: WebhookPayload): Promise<void> {
  console.log(`${event.timestamp} ${event.type} ${JSON.stringify(event.data)}`);
  if (event.type !== 'order.created') return;
  // event.data is typed by event.type: here an order's.
  const order = await partnerweb.orders.get(event.data.orderId);
  if (order.status !== 'pending') return;
  try {
    const decided =
      decide(order.company, ownName) === 'approve'
        ? await partnerweb.orders.approve(order.id, { ifMatch: order.etag })
        : await partnerweb.orders.reject(order.id, NOT_AFFILIATED, { ifMatch: order.etag });
    console.log(`  ${decided.orderNumber} (${decided.endUser.name}, "${decided.company}"): ${decided.status}`);
  } catch (error) {
    // Someone else decided first (409/412): nothing to do.
    if (error instanceof ConflictError || error instanceof PreconditionFailedError)
      console.log(`  ${order.orderNumber}: ${error.message}`);
    else throw error;
  }
}

function receiver(secret: () => string): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: WebhookPayload;
      try {
        event = verifyWebhook(Buffer.concat(chunks), req.headers, secret());
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        console.warn(`refused a webhook: ${error.message}`);
        res.writeHead(400).end();
        return;
      }
      // Answer at once, act afterwards: a slow decision must not make the API retry.
      res.writeHead(204).end();
      if (seen.has(event.id)) return;
      seen.add(event.id);
      onEvent(event).catch((error) => console.error(`${event.type} ${event.id}:`, error));
    });
  });
}

async function main(): Promise<void> {
  let secret = process.env.WEBHOOK_SECRET ?? '';
  const server = receiver(() => secret);
  await new Promise<void>((resolve) => server.listen(Number(process.env.WEBHOOK_RECEIVER_PORT ?? 4000), resolve));
  const port = (server.address() as AddressInfo).port;
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}/webhooks`;
  if (process.argv.includes('--register')) {
    const endpoint = await partnerweb.webhooks.endpoints.create({
      url: publicUrl,
      eventTypes: ['order.created', 'order.approved', 'order.rejected', 'card.shipped', 'card.activated'],
      description: 'examples/webhook-receiver.ts',
    });
    secret = endpoint.secret;
    console.log(`registered endpoint ${endpoint.id} for ${publicUrl}; secret ${secret}`);
  }
  if (!secret) throw new Error('set WEBHOOK_SECRET, or pass --register to register this receiver');
  console.log(`listening on ${publicUrl}; deciding new orders by the rule: company mentions "${ownName}"`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
