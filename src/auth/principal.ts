import type { Request } from 'express';
import type { Actor } from '../audit/audit';
import { Problem } from '../common/problem';
import type { EndUserPrincipal } from './end-user-tokens';
import type { PartnerScope } from './scopes';

/** Who is calling: an API client acting for one partner, with the scopes its token carries. */
export interface PartnerPrincipal {
  kind: 'partner';
  partnerId: string;
  apiClientId: string;
  clientId: string;
  scopes: PartnerScope[];
  /** Set when an external authorisation server issued the token: then `apiClientId` names no API client of ours. */
  issuer?: 'maskinporten';
}

/** The issuer's operator (staff or production line system), acting for no partner. */
export interface OperatorPrincipal {
  kind: 'operator';
  apiClientId: string;
  clientId: string;
}

/** The principal tsoa's authentication put on the request; controllers with @Security always have one. */
export function principalOf(req: Request): PartnerPrincipal {
  const user = req.user as PartnerPrincipal | undefined;
  if (!user) throw new Error('route reached without a partner principal');
  if (user.kind !== 'partner')
    throw new Problem('insufficient-scope', 'This operation is for partners; an operator token acts for no partner.');
  return user;
}

export function endUserOf(req: Request): EndUserPrincipal {
  const user = req.user as EndUserPrincipal | undefined;
  if (!user || user.kind !== 'end_user') throw new Error('route reached without an end-user principal');
  return user;
}

export function operatorOf(req: Request): OperatorPrincipal {
  const user = req.user as OperatorPrincipal | undefined;
  if (!user || user.kind !== 'operator') throw new Error('route reached without an operator principal');
  return user;
}

/** The audit actor for a change made by the calling API client or operator. */
export function actorOf(req: Request): Actor {
  const user = req.user as PartnerPrincipal | OperatorPrincipal;
  if (user?.kind === 'operator') return { type: 'operator', id: user.clientId, requestId: req.requestId };
  return { type: 'api_client', id: principalOf(req).clientId, requestId: req.requestId };
}
