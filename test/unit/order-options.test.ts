import assert from 'node:assert/strict';
import type { CardStatus } from '../../src/glossary/card-terms';
import { CardFacts, OpenOrder, orderOptions } from '../../src/self-service/order-options';

const CARD: CardFacts = { id: 'card-1', status: 'active', expiresOn: '2027-03-31', cardProductId: 'product-1' };

function open(order: Partial<OpenOrder> & Pick<OpenOrder, 'kind' | 'status'>): OpenOrder {
  return { orderNumber: 'PW-00000007', renewsCardId: null, cardProductId: 'product-1', cardId: null, ...order };
}

/** The option as one word: `possible`, or the refusal code. */
const verdict = (option: { possible: boolean; reasonCode?: string }) =>
  option.possible ? 'possible' : (option.reasonCode ?? 'refused');

describe('unit: the order options of a card (DOMAIN.md §3)', () => {
  describe('the renewal window opens two months before the expiry date (Oslo calendar days)', () => {
    const table: [string, string, string][] = [
      // expires on, today, renewal
      ['2027-03-31', '2027-01-30', 'too_early'], // the day before
      ['2027-03-31', '2027-01-31', 'possible'], // the day of
      ['2027-03-31', '2027-02-01', 'possible'], // the day after
      ['2027-03-31', '2027-03-31', 'possible'], // the last valid day
      ['2027-03-31', '2026-03-31', 'too_early'], // a year early
      // Month ends clamp as PostgreSQL does: two months before 30 April is 28 February (29 in a leap year).
      ['2027-04-30', '2027-02-27', 'too_early'],
      ['2027-04-30', '2027-02-28', 'possible'],
      ['2028-04-30', '2028-02-28', 'too_early'],
      ['2028-04-30', '2028-02-29', 'possible'],
      // Across a year end.
      ['2027-01-15', '2026-11-14', 'too_early'],
      ['2027-01-15', '2026-11-15', 'possible'],
    ];
    for (const [expiresOn, today, expected] of table) {
      it(`card expiring ${expiresOn}, on ${today}: ${expected}`, () => {
        assert.equal(verdict(orderOptions({ ...CARD, expiresOn }, [], today).renewal), expected);
      });
    }

    it('too early says from when, in words and as possibleFrom', () => {
      assert.deepEqual(orderOptions(CARD, [], '2027-01-30').renewal, {
        possible: false,
        reasonCode: 'too_early',
        reason: 'A renewal can be ordered from 2027-01-31, two months before the card expires on 2027-03-31.',
        possibleFrom: '2027-01-31',
      });
    });
  });

  describe('by the card status: only an active card is renewed or gets an additional card', () => {
    const table: [CardStatus, string, string][] = [
      // status, renewal, additional (in the renewal window)
      ['active', 'possible', 'possible'],
      ['in_production', 'card_not_active', 'card_not_active'],
      ['shipped', 'card_not_active', 'card_not_active'],
      ['expired', 'card_expired', 'card_expired'],
      ['revoked', 'card_revoked', 'card_revoked'],
    ];
    for (const [status, renewal, additional] of table) {
      it(`${status}: renewal ${renewal}, additional ${additional}`, () => {
        const options = orderOptions({ ...CARD, status }, [], '2027-02-15');
        assert.deepEqual([verdict(options.renewal), verdict(options.additional)], [renewal, additional]);
      });
    }
  });

  describe('one renewal per card, one additional card at a time', () => {
    const table: [string, OpenOrder[], string, string][] = [
      ['nothing open', [], 'possible', 'possible'],
      [
        'a pending renewal of this card',
        [open({ kind: 'renewal', status: 'pending', renewsCardId: 'card-1' })],
        'renewal_already_ordered',
        'possible',
      ],
      [
        'an approved renewal of this card',
        [open({ kind: 'renewal', status: 'approved', renewsCardId: 'card-1', cardId: 'card-2' })],
        'renewal_already_ordered',
        'possible',
      ],
      [
        'a pending renewal of another card',
        [open({ kind: 'renewal', status: 'pending', renewsCardId: 'card-9' })],
        'possible',
        'possible',
      ],
      [
        'a pending additional card on this product',
        [open({ kind: 'additional', status: 'pending' })],
        'possible',
        'additional_already_ordered',
      ],
      [
        'an approved additional card on this product',
        [open({ kind: 'additional', status: 'approved', cardId: 'card-3' })],
        'possible',
        'possible',
      ],
      [
        'a pending additional card on another product',
        [open({ kind: 'additional', status: 'pending', cardProductId: 'product-2' })],
        'possible',
        'possible',
      ],
      ['a pending first order', [open({ kind: 'new', status: 'pending' })], 'possible', 'possible'],
    ];
    for (const [name, openOrders, renewal, additional] of table) {
      it(`${name}: renewal ${renewal}, additional ${additional}`, () => {
        const options = orderOptions(CARD, openOrders, '2027-02-15');
        assert.deepEqual([verdict(options.renewal), verdict(options.additional)], [renewal, additional]);
      });
    }

    it('names the order in the way, and whether it waits or is approved', () => {
      const pending = orderOptions(
        CARD,
        [open({ kind: 'renewal', status: 'pending', renewsCardId: 'card-1' })],
        '2027-02-15',
      );
      assert.match(
        pending.renewal.reason ?? '',
        /Renewal PW-00000007 of this card is waiting for your partner's approval/,
      );
      const approved = orderOptions(
        CARD,
        [open({ kind: 'renewal', status: 'approved', renewsCardId: 'card-1' })],
        '2027-02-15',
      );
      assert.match(approved.renewal.reason ?? '', /Renewal PW-00000007 of this card is approved/);
    });

    it('an ended card is refused before an open renewal is looked at', () => {
      const options = orderOptions(
        { ...CARD, status: 'revoked' },
        [open({ kind: 'renewal', status: 'pending', renewsCardId: 'card-1' })],
        '2027-02-15',
      );
      assert.equal(verdict(options.renewal), 'card_revoked');
    });
  });
});
