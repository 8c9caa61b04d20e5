import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasValidCheckDigits, syntheticNationalId } from '../src/validation/national-id';
import { isOrganisationNumber } from '../src/validation/organisation-number';

describe('national identity numbers', () => {
  it('accepts numbers with both mod-11 check digits and refuses a changed digit', () => {
    // Published test number from the Norwegian Tax Administration's examples.
    assert.equal(hasValidCheckDigits('01010750160'), true);
    assert.equal(hasValidCheckDigits('01010750161'), false);
    assert.equal(hasValidCheckDigits('0101075016'), false);
  });

  it('makes valid synthetic numbers for any birth date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.nat(),
        (date, seed) => {
          const id = syntheticNationalId(date.toISOString().slice(0, 10), seed);
          return hasValidCheckDigits(id) && Number(id.slice(2, 4)) > 80;
        },
      ),
    );
  });

  it('checks organisation numbers', () => {
    assert.equal(isOrganisationNumber('923609016'), true);
    assert.equal(isOrganisationNumber('923609017'), false);
  });
});
