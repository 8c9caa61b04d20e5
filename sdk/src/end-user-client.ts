import type { ClientOptions } from './core/request-options.js';
import { Transport } from './core/transport.js';
import { Me, OrderPages } from './resources/self-service.js';

export interface EndUserClientOptions extends ClientOptions {
  /** The token of the eID the end user signed in with. */
  token: string;
}

/**
 * For end-user apps (browser or server): the order page and My Page, with the signed-in end user's eID token.
 * Uses only web APIs (fetch, Web Crypto), so it bundles for the browser as it is.
 */
export class EndUserClient {
  readonly orderPages: OrderPages;
  readonly me: Me;

  constructor(options: EndUserClientOptions) {
    const { token, ...clientOptions } = options;
    const transport = new Transport(clientOptions, { headers: async () => ({ Authorization: `Bearer ${token}` }) });
    this.orderPages = new OrderPages(transport);
    this.me = new Me(transport);
  }
}
