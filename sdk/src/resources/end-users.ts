import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { EndUserDetail, EndUserListQuery, EndUserSummary } from '../types.js';

/** The people who ordered on your card products. */
export class EndUsers extends APIResource {
  /** End users newest first, optionally by name (`q`); await for one page, or iterate for all. */
  list(query: EndUserListQuery = {}, options?: RequestOptions): PagePromise<EndUserSummary> {
    return this.paginate('/v1/end-users', query, options);
  }

  /** One end user with their cards and orders on your card products. */
  get(endUserId: string, options?: RequestOptions): Promise<EndUserDetail> {
    return this.read(path`/v1/end-users/${endUserId}`, undefined, options);
  }
}
