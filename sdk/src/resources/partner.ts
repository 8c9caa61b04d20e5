import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import type { PartnerProfile, PartnerProfileUpdate } from '../types.js';

/** Your organisation. */
export class Partner extends APIResource {
  /** Your organisation, with its notification mailbox. */
  get(options?: RequestOptions): Promise<PartnerProfile> {
    return this.read('/v1/partner', undefined, options);
  }

  /** Sets the mailbox that gets a copy of every order confirmation (`notificationEmail: null` stops the copies). */
  async update(body: PartnerProfileUpdate, options?: RequestOptions): Promise<PartnerProfile> {
    return (await this.transport.request<PartnerProfile>({ method: 'PATCH', path: '/v1/partner', body }, options)).data;
  }
}
