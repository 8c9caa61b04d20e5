/** A postal address in Norway; in an order, the end user's registered address when they ordered. */
export interface PostalAddress {
  /** @example "Storgata 1" @maxLength 200 */
  street: string;
  /** Four digits. @example "0155" @maxLength 4 */
  postalCode: string;
  /** @example "OSLO" @maxLength 100 */
  city: string;
}
