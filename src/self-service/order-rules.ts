import type { CardStatus } from '../glossary/card-terms';
import { Problem } from '../common/problem';
import { requireAddressLine, requirePersonName, requirePostalCode } from '../validation/contact';
import { ageOn, MINIMUM_AGE, NationalIdRefusal, ParsedNationalId } from '../validation/national-id';
import type { DeliveryChoiceInput, OrderOption } from './self-service.dto';

/**
 * The self-service ordering rules that are not the order options (`order-options.ts`): who may order, when a
 * first order is possible, the delivery address and the company field. Pure: the service reads the facts and
 * these decide; each refusal is the Problem the end user gets.
 */

/** Where the card goes: the registered address (filled in from the registry by the service) or the address given. */
export type DeliveryAddressOrRegistered =
  'registered' | { name: string; street: string; postalCode: string; city: string };

export function deliveryAddress(input: DeliveryChoiceInput): DeliveryAddressOrRegistered {
  if (input.choice === 'registered') {
    if (input.address)
      throw Problem.invalid('delivery.address', 'leave out the address when delivering to the registered address');
    return 'registered';
  }
  if (!input.address) throw Problem.invalid('delivery.address', 'is required when choice is "other"');
  return {
    name: requirePersonName('delivery.address.name', input.address.name),
    street: requireAddressLine('delivery.address.street', input.address.street),
    postalCode: requirePostalCode('delivery.address.postalCode', input.address.postalCode),
    city: requireAddressLine('delivery.address.city', input.address.city, 100),
  };
}

/** The signed-in person may hold an eID on a smartcard: an accepted national identity number, old enough on `today`. */
export function requireEligible(parsed: ParsedNationalId | NationalIdRefusal, today: string): ParsedNationalId {
  if ('refused' in parsed) throw new Problem('person-not-eligible', `Your national identity number ${parsed.refused}.`);
  if (ageOn(parsed.birthDate, today) < MINIMUM_AGE) {
    throw new Problem(
      'person-not-eligible',
      `You must be at least ${MINIMUM_AGE} years old to hold an eID on a smartcard.`,
    );
  }
  return parsed;
}

/** A card reader is offered with a first order only where the card product offers one. */
export function requireCardReaderOffered(cardReader: boolean | undefined, cardReaderAllowed: boolean): void {
  if (cardReader && !cardReaderAllowed) throw Problem.invalid('cardReader', 'this card product offers no card reader');
}

/**
 * A first order on a card product: not while the person holds a card on it (in production, shipped or active:
 * they order an additional card or a renewal instead), nor while their first order on it waits for approval.
 */
export function requireFirstOrderPossible(
  held: { serialNumber: string; status: CardStatus } | undefined,
  pendingOrderNumber: string | undefined,
): void {
  if (held) {
    throw new Problem(
      'order-not-possible',
      `You already have card ${held.serialNumber} (${held.status.replace('_', ' ')}) on this card product. Order an additional card or a renewal on My Page.`,
    );
  }
  if (pendingOrderNumber) {
    throw new Problem(
      'order-not-possible',
      `Your order ${pendingOrderNumber} on this card product is already waiting for approval.`,
    );
  }
}

/**
 * A renewal or an additional card is told by e-mail (the confirmation, and a rejection with its reason): no order
 * without an address.
 */
export function requireEmailForFollowUp(email: string | null): void {
  if (!email)
    throw new Problem(
      'order-not-possible',
      "Add your e-mail address on My Page (PATCH /v1/me) first: the order confirmation and your partner's decision are sent to it.",
    );
}

/** The card's option (`orderOptions`) must allow the renewal or additional card today. */
export function requireOptionPossible(option: OrderOption): void {
  if (!option.possible) throw new Problem('order-not-possible', option.reason ?? 'This order is not possible now.');
}

/** The company field of a renewal or additional card: as given, else the latest order's on the card product. */
export function followUpCompany(given: string | undefined, latest: string | undefined): string {
  const company = given ?? latest;
  if (company === undefined) throw Problem.invalid('company', 'is required: there is no earlier order to take it from');
  return company;
}
