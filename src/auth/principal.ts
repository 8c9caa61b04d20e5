import type { Request } from 'express';
import type { Actor } from '../audit/audit';
import type { PartnerScope } from './scopes';

/** Who is calling: an API client acting for one partner, with the scopes its token carries. */
export interface PartnerPrincipal {
  kind: 'partner';
  partnerId: string;
  apiClientId: string;
  clientId: string;
  scopes: PartnerScope[];
}

/** The principal tsoa's authentication put on the request; controllers with @Security always have one. */
export function principalOf(req: Request): PartnerPrincipal {
  const user = req.user as PartnerPrincipal | undefined;
  if (!user || user.kind !== 'partner') throw new Error('route reached without a partner principal');
  return user;
}

/** The audit actor for a change made by the calling API client. */
export function actorOf(req: Request): Actor {
  return { type: 'api_client', id: principalOf(req).clientId, requestId: req.requestId };
}
