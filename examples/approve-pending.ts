/**
 * Approves or rejects every pending order, the way a partner's HR or EPJ system would, with the SDK.
 *
 * The rule this script applies (a stand-in for "look the person up in our own staff register"):
 *   - the company field is trimmed of surrounding spaces first (a correction, recorded in the order's history);
 *   - an order whose company field mentions the partner's own name is approved;
 *   - any other order is rejected with reason `not_affiliated` and a message to the end user.
 *
 * Run against `npm start`:   npx tsx examples/approve-pending.ts
 * Only print, decide nothing: npx tsx examples/approve-pending.ts --dry-run
 * Settings: PARTNERWEB_URL (http://localhost:3000), PARTNERWEB_CLIENT_ID, PARTNERWEB_CLIENT_SECRET, OWN_NAME.
 */
import { ConflictError, PartnerwebClient, PreconditionFailedError, type OrderSummary } from '@partnerweb/sdk';
import { decide as decideCompany, NOT_AFFILIATED } from './staff-register';

const baseUrl = process.env.PARTNERWEB_URL ?? 'http://localhost:3000';
const clientId = process.env.PARTNERWEB_CLIENT_ID ?? 'demo-nordlys';
const clientSecret = process.env.PARTNERWEB_CLIENT_SECRET ?? 'nordlys-demo-secret';
const ownName = process.env.OWN_NAME ?? 'Nordlys';
const dryRun = process.argv.includes('--dry-run');

const decide = (order: OrderSummary) => decideCompany(order.company, ownName);

async function main(): Promise<void> {
  const partnerweb = new PartnerwebClient({ baseUrl, clientId, clientSecret });
  const pending = await partnerweb.orders.list({ status: 'pending' }).toArray();

  console.log(`Rule: approve when the company field mentions "${ownName}", otherwise reject as not affiliated.`);
  console.table(
    pending.map((o) => ({
      order: o.orderNumber,
      kind: o.kind,
      orderedAt: o.orderedAt.slice(0, 10),
      endUser: o.endUser.name,
      company: o.company,
      cardReader: o.cardReader ? 'yes' : '',
      decision: decide(o),
    })),
  );
  if (dryRun || pending.length === 0) {
    console.log(dryRun ? 'Dry run: nothing decided.' : 'No pending orders.');
    return;
  }

  for (const summary of pending) {
    try {
      let order = await partnerweb.orders.get(summary.id);
      if (order.company !== order.company.trim()) {
        order = await partnerweb.orders.updateCompany(order.id, order.company.trim(), { ifMatch: order.etag });
      }
      const result =
        decide(order) === 'approve'
          ? await partnerweb.orders.approve(order.id, { ifMatch: order.etag })
          : await partnerweb.orders.reject(order.id, NOT_AFFILIATED, { ifMatch: order.etag });
      console.log(
        `${result.orderNumber}: ${result.status}${result.card ? ` (card ${result.card.serialNumber}, ${result.card.status})` : ''}`,
      );
    } catch (error) {
      // Someone else decided first (409/412): report and go on with the next order.
      if (error instanceof ConflictError || error instanceof PreconditionFailedError)
        console.error(`${summary.orderNumber}: ${error.message}`);
      else throw error;
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
