import type { PostalAddress } from '../glossary/postal-address';

/** Your organisation as the issuer knows it; `address` is where card readers for your stock are sent. */
export interface PartnerProfile {
  /** @format uuid @maxLength 36 */
  id: string;
  /** @maxLength 200 @example "Nordlys Legesenter AS" */
  name: string;
  /** @maxLength 9 @example "912345688" */
  organisationNumber: string;
  /** The mailbox that gets a copy of every order confirmation on your card products; one shared address is best. @maxLength 254 @example "bestillinger@nordlys-legesenter.example.no" */
  notificationEmail: string | null;
  address?: PostalAddress;
}

/** A change of your settings; a field left out stays. `notificationEmail: null` stops the copies. */
export interface PartnerProfileUpdate {
  /** @maxLength 254 @example "bestillinger@nordlys-legesenter.example.no" */
  notificationEmail?: string | null;
  address?: PostalAddress;
}
