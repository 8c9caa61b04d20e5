import type { ClientOptions } from './core/request-options.js';
import { TokenSource, type ClientCredentials } from './core/token-source.js';
import { Transport } from './core/transport.js';
import { CardReaderOrders } from './resources/card-reader-orders.js';
import { EndUsers } from './resources/end-users.js';
import { Events } from './resources/events.js';
import { Invoices } from './resources/invoices.js';
import { Orders } from './resources/orders.js';
import { Partner } from './resources/partner.js';
import { PowersOfAttorney } from './resources/powers-of-attorney.js';
import { Reports } from './resources/reports.js';
import { Webhooks } from './resources/webhooks.js';
import { ApiClients } from './resources/api-clients.js';
import { ApprovalPolicies } from './resources/approval-policies.js';
import { Roster } from './resources/roster.js';

export interface PartnerwebClientOptions extends ClientOptions, ClientCredentials {}

/**
 * The partner's client: fetches and renews its access token (OAuth2 client credentials, with a client secret or a
 * private key), and groups the API by
 * resource. Every method takes `{ signal, timeout, maxRetries, idempotencyKey, headers }` as its last argument.
 *
 *   const partnerweb = new PartnerwebClient({ baseUrl, clientId, clientSecret });
 *   for await (const order of partnerweb.orders.list({ status: 'pending' })) await partnerweb.orders.approve(order.id);
 */
export class PartnerwebClient {
  readonly orders: Orders;
  readonly endUsers: EndUsers;
  readonly reports: Reports;
  readonly invoices: Invoices;
  readonly cardReaderOrders: CardReaderOrders;
  readonly powersOfAttorney: PowersOfAttorney;
  readonly webhooks: Webhooks;
  readonly partner: Partner;
  readonly events: Events;
  readonly apiClients: ApiClients;
  /** Your staff roster (SCIM), SCIM tokens and leavers' cards. */
  readonly roster: Roster;
  readonly approvalPolicies: ApprovalPolicies;

  constructor(options: PartnerwebClientOptions) {
    const { clientId, clientSecret, privateKey, keyId, algorithm, audience, scope, ...clientOptions } = options;
    // The token request is sent (and retried) like any call, but without the token it fetches.
    const tokenUrl = `${clientOptions.baseUrl.replace(/\/+$/, '')}/oauth/token`;
    const tokens = new TokenSource(
      new Transport(clientOptions),
      { clientId, clientSecret, privateKey, keyId, algorithm, audience, scope },
      tokenUrl,
    );
    const transport = new Transport(clientOptions, tokens);
    this.orders = new Orders(transport);
    this.endUsers = new EndUsers(transport);
    this.reports = new Reports(transport);
    this.invoices = new Invoices(transport);
    this.cardReaderOrders = new CardReaderOrders(transport);
    this.powersOfAttorney = new PowersOfAttorney(transport);
    this.webhooks = new Webhooks(transport);
    this.partner = new Partner(transport);
    this.events = new Events(transport);
    this.apiClients = new ApiClients(transport);
    this.roster = new Roster(transport);
    this.approvalPolicies = new ApprovalPolicies(transport);
  }
}
