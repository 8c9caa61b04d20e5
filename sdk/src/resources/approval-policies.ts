import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { components } from '../schema.js';

type Schemas = components['schemas'];
export type ApprovalPolicy = Schemas['ApprovalPolicy'];
export type ApprovalPolicyUpdate = Schemas['ApprovalPolicyUpdate'];

/** How the orders on each of your card products are approved: `manual`, or `roster` (your active staff at once). */
export class ApprovalPolicies extends APIResource {
  async list(options?: RequestOptions): Promise<ApprovalPolicy[]> {
    return (await this.read<{ data: ApprovalPolicy[] }>('/v1/approval-policies', undefined, options)).data;
  }

  get(cardProductId: string, options?: RequestOptions): Promise<ApprovalPolicy> {
    return this.read(path`/v1/approval-policies/${cardProductId}`, undefined, options);
  }

  /** Sets the whole policy (scope `orders:write`); what is left out takes its default. */
  async set(cardProductId: string, policy: ApprovalPolicyUpdate, options?: RequestOptions): Promise<ApprovalPolicy> {
    const request = { method: 'PUT', path: path`/v1/approval-policies/${cardProductId}`, body: policy } as const;
    return (await this.transport.request<ApprovalPolicy>(request, options)).data;
  }
}
