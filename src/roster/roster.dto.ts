/** A person of your staff roster, as your HR directory provisioned them over SCIM (`/scim/v2/Users`). */
export interface RosterMember {
  /** The SCIM `id`. @format uuid @maxLength 36 @example "5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d" */
  id: string;
  /** @maxLength 256 @example "kari.nordmann@nordlys.example.no" */
  userName: string;
  /** Your directory's own id of the person. @maxLength 256 @example "E-10442" */
  externalId: string | null;
  /** @maxLength 256 @example "Kari" */
  givenName: string | null;
  /** @maxLength 256 @example "Nordmann" */
  familyName: string | null;
  /** @maxLength 256 @example "kari.nordmann@nordlys.example.no" */
  email: string | null;
  /** Active in the roster: under the `roster` policy this person's orders are approved at once. @example true */
  active: boolean;
  /**
   * Whether the directory sent the national identity number (kept only as a keyed hash for matching; it is never
   * shown). Without it the person's orders cannot be matched and wait for you. @example true
   */
  matchable: boolean;
  /** @format date-time @maxLength 30 @example "2026-11-27T09:00:00.000Z" */
  createdAt: string;
  /** @format date-time @maxLength 30 @example "2026-11-27T09:00:00.000Z" */
  updatedAt: string;
}

/** A page of your roster, newest first. */
export interface RosterMemberPage {
  /** @maxItems 100 */
  data: RosterMember[];
  /** Send as `cursor` for the next page; null on the last. @maxLength 200 */
  nextCursor: string | null;
}

/** A new SCIM provisioning token for your HR directory (Entra ID's "Secret Token", Okta's API token). */
export interface ScimTokenRequest {
  /** What the token is for. @minLength 1 @maxLength 100 @example "Entra ID provisioning" */
  name: string;
  /** Days until it stops working (default 365; at most 730). Make a new one before then. @isInt @minimum 1 @maximum 730 @example 365 */
  validDays?: number;
}

/** A SCIM provisioning token (its secret is shown once, when it is made). */
export interface ScimToken {
  /** @format uuid @maxLength 36 @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  id: string;
  /** @maxLength 100 @example "Entra ID provisioning" */
  name: string;
  /** @format date-time @maxLength 30 @example "2026-11-27T09:00:00.000Z" */
  createdAt: string;
  /** @format date-time @maxLength 30 @example "2027-11-27T09:00:00.000Z" */
  expiresAt: string;
  /** @format date-time @maxLength 30 @example "2026-12-01T09:00:00.000Z" */
  revokedAt: string | null;
  /** Written at most once a minute. @format date-time @maxLength 30 @example "2026-11-28T02:00:00.000Z" */
  lastUsedAt: string | null;
}

/** The token just made, with its secret: paste it into the directory's "Secret Token" field now; it is not shown again. */
export interface CreatedScimToken extends ScimToken {
  /** @maxLength 100 @example "pwscim_5tQm3v1yJ8c6Kx0aZ2bN4dF7gH9jL1pR3sT5uW7xY9z" */
  token: string;
  /** The SCIM endpoint to give the directory ("Tenant URL"). @maxLength 300 @example "https://partnerweb.example.no/scim/v2" */
  scimBaseUrl: string;
}

export interface ScimTokenList {
  /** The newest 100. @maxItems 100 */
  data: ScimToken[];
}

/** Why you revoke the card; kept in the audit trail. */
export interface CardRevocationByPartner {
  /** @minLength 1 @maxLength 500 @example "Sluttet 30.11.2026" */
  reason: string;
}

/** The card you revoked. */
export interface RevokedCard {
  /** @format uuid @maxLength 36 @example "8c1f2e3d-4b5a-4c69-8d7e-0f1a2b3c4d5e" */
  cardId: string;
  /** @maxLength 20 @example "BPS10000042" */
  serialNumber: string;
  /** @example "revoked" */
  status: 'revoked';
}
