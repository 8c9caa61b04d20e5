import assert from 'node:assert/strict';
import {
  deliveryAddress,
  followUpCompany,
  requireCardReaderOffered,
  requireEligible,
  requireEmailForFollowUp,
  requireFirstOrderPossible,
  requireOptionPossible,
} from '../../src/self-service/order-rules';
import { outcomeOf } from './refusal';

const ADDRESS = { name: 'Kari Nordmann', street: 'Sykehusveien 12', postalCode: '9019', city: 'TROMSØ' };

describe('unit: self-service ordering rules', () => {
  describe('the delivery address', () => {
    const table: [string, Parameters<typeof deliveryAddress>[0], string][] = [
      ['registered', { choice: 'registered' }, 'ok'],
      ['registered with an address', { choice: 'registered', address: ADDRESS }, 'validation-failed delivery.address'],
      ['other with an address', { choice: 'other', address: ADDRESS }, 'ok'],
      ['other without an address', { choice: 'other' }, 'validation-failed delivery.address'],
      [
        'other with a bad name',
        { choice: 'other', address: { ...ADDRESS, name: 'K4ri' } },
        'validation-failed delivery.address.name',
      ],
      [
        'other with a bad postal code',
        { choice: 'other', address: { ...ADDRESS, postalCode: '901' } },
        'validation-failed delivery.address.postalCode',
      ],
      [
        'other with a city of 101 characters',
        { choice: 'other', address: { ...ADDRESS, city: 'x'.repeat(101) } },
        'validation-failed delivery.address.city',
      ],
    ];
    for (const [name, input, expected] of table) {
      it(`${name}: ${expected}`, () =>
        assert.equal(
          outcomeOf(() => deliveryAddress(input)),
          expected,
        ));
    }

    it('answers the address as given, or the registered address as such', () => {
      assert.deepEqual(deliveryAddress({ choice: 'other', address: ADDRESS }), ADDRESS);
      assert.equal(deliveryAddress({ choice: 'registered' }), 'registered');
    });
  });

  describe('who may order: at least 13 years old on the Oslo day of the order', () => {
    const person = { kind: 'fødselsnummer' as const, birthDate: '2013-06-15', synthetic: false };
    const table: [string, string][] = [
      ['2026-06-14', 'person-not-eligible'], // the day before the 13th birthday
      ['2026-06-15', 'ok'], // the birthday
      ['2026-06-16', 'ok'], // the day after
    ];
    for (const [today, expected] of table) {
      it(`born 2013-06-15, on ${today}: ${expected}`, () =>
        assert.equal(
          outcomeOf(() => requireEligible(person, today)),
          expected,
        ));
    }

    it('a refused national identity number is told as such', () => {
      assert.throws(
        () => requireEligible({ refused: 'has wrong check digits' }, '2026-06-15'),
        /Your national identity number has wrong check digits\./,
      );
    });
  });

  describe('a first order on a card product', () => {
    const table: [string, Parameters<typeof requireFirstOrderPossible>, string][] = [
      ['nothing held, nothing waiting', [undefined, undefined], 'ok'],
      ['a card in production', [{ serialNumber: 'BPS1', status: 'in_production' }, undefined], 'order-not-possible'],
      ['a shipped card', [{ serialNumber: 'BPS1', status: 'shipped' }, undefined], 'order-not-possible'],
      ['an active card', [{ serialNumber: 'BPS1', status: 'active' }, undefined], 'order-not-possible'],
      ['a first order waiting', [undefined, 'PW-00000001'], 'order-not-possible'],
    ];
    for (const [name, args, expected] of table) {
      it(`${name}: ${expected}`, () =>
        assert.equal(
          outcomeOf(() => requireFirstOrderPossible(...args)),
          expected,
        ));
    }

    it('says which card stands in the way and what to do instead', () => {
      assert.throws(
        () => requireFirstOrderPossible({ serialNumber: 'BPS10000042', status: 'in_production' }, undefined),
        /You already have card BPS10000042 \(in production\) on this card product\. Order an additional card or a renewal on My Page\./,
      );
    });

    const readers: [boolean | undefined, boolean, string][] = [
      [undefined, false, 'ok'],
      [false, false, 'ok'],
      [true, true, 'ok'],
      [true, false, 'validation-failed cardReader'],
    ];
    for (const [asked, offered, expected] of readers) {
      it(`card reader asked ${asked}, offered ${offered}: ${expected}`, () =>
        assert.equal(
          outcomeOf(() => requireCardReaderOffered(asked, offered)),
          expected,
        ));
    }
  });

  describe('a renewal or an additional card', () => {
    it('needs an e-mail address to tell the decision to', () => {
      assert.equal(
        outcomeOf(() => requireEmailForFollowUp(null)),
        'order-not-possible',
      );
      assert.equal(
        outcomeOf(() => requireEmailForFollowUp('')),
        'order-not-possible',
      );
      assert.equal(
        outcomeOf(() => requireEmailForFollowUp('kari@example.no')),
        'ok',
      );
    });

    it("needs the card's option to allow it, and tells the option's reason", () => {
      assert.equal(
        outcomeOf(() => requireOptionPossible({ possible: true })),
        'ok',
      );
      assert.throws(
        () => requireOptionPossible({ possible: false, reasonCode: 'too_early', reason: 'Not before 2027-01-31.' }),
        /Not before 2027-01-31\./,
      );
    });

    const companies: [string | undefined, string | undefined, string][] = [
      ['Given AS', 'Earlier AS', 'Given AS'],
      [undefined, 'Earlier AS', 'Earlier AS'],
      ['Given AS', undefined, 'Given AS'],
      [undefined, undefined, 'validation-failed company'],
    ];
    for (const [given, latest, expected] of companies) {
      it(`company given ${given ?? '-'}, latest order's ${latest ?? '-'}: ${expected}`, () => {
        let company = '';
        const outcome = outcomeOf(() => (company = followUpCompany(given, latest)));
        assert.equal(outcome === 'ok' ? company : outcome, expected);
      });
    }
  });
});
