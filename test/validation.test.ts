import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Problem } from '../src/common/problem';
import {
  requireAddressLine,
  requireEmail,
  requirePersonName,
  requirePhone,
  requirePostalCode,
} from '../src/validation/contact';
import { ageOn, parseNationalId, syntheticNationalId, withCheckDigits } from '../src/validation/national-id';
import { isOrganisationNumber } from '../src/validation/organisation-number';

const real = { allowSynthetic: false };
const synthetic = { allowSynthetic: true };

/** Nine digits made into a valid number, trying individual numbers until the check digits exist. */
function numberFor(ddmmyy: string, individualFrom: number): string {
  for (let i = individualFrom; i < individualFrom + 100; i++) {
    const id = withCheckDigits(`${ddmmyy}${String(i).padStart(3, '0')}`);
    if (id) return id;
  }
  throw new Error('none');
}

function refusal(field: string, run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof Problem);
    assert.equal(error.errors?.[0].field, field);
    return error.errors[0].message;
  }
  assert.fail(`${field} was accepted`);
}

describe('validation: national identity numbers', () => {
  it('reads a fødselsnummer: birth date from the individual number and year', () => {
    // Individual number 501 with year 07: born 2007.
    assert.deepEqual(parseNationalId('01010750160', real), {
      kind: 'fødselsnummer',
      birthDate: '2007-01-01',
      synthetic: false,
    });
    assert.equal((parseNationalId(numberFor('150599', 0), real) as { birthDate: string }).birthDate, '1999-05-15');
    assert.equal((parseNationalId(numberFor('150510', 500), real) as { birthDate: string }).birthDate, '2010-05-15');
    assert.equal((parseNationalId(numberFor('150560', 900), real) as { birthDate: string }).birthDate, '1960-05-15');
    assert.equal((parseNationalId(numberFor('150560', 500), real) as { birthDate: string }).birthDate, '1860-05-15');
  });

  it('reads a D-nummer (first digit + 4)', () => {
    const dnr = numberFor('550585', 0);
    assert.deepEqual(parseNationalId(dnr, real), { kind: 'd-nummer', birthDate: '1985-05-15', synthetic: false });
  });

  it('refuses H-numbers, wrong check digits, impossible dates and wrong lengths', () => {
    assert.match((parseNationalId(numberFor('154585', 0), real) as { refused: string }).refused, /H-number/);
    assert.match((parseNationalId('01010750161', real) as { refused: string }).refused, /check digits/);
    assert.match((parseNationalId(numberFor('310285', 0), real) as { refused: string }).refused, /real date/);
    assert.match((parseNationalId('0101075016', real) as { refused: string }).refused, /11 digits/);
  });

  it('accepts synthetic test numbers (month + 80) only where allowed', () => {
    const id = syntheticNationalId('1985-03-14', 1);
    assert.deepEqual(parseNationalId(id, synthetic), {
      kind: 'fødselsnummer',
      birthDate: '1985-03-14',
      synthetic: true,
    });
    assert.match((parseNationalId(id, real) as { refused: string }).refused, /synthetic/);
  });

  it('gives back the birth date of every synthetic number it makes (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.nat(),
        (date, seed) => {
          const birthDate = date.toISOString().slice(0, 10);
          const parsed = parseNationalId(syntheticNationalId(birthDate, seed), synthetic);
          return 'birthDate' in parsed && parsed.birthDate === birthDate;
        },
      ),
    );
  });

  it('counts age in whole years: 13 on the birthday, not the day before', () => {
    assert.equal(ageOn('2013-11-27', '2026-11-27'), 13);
    assert.equal(ageOn('2013-11-28', '2026-11-27'), 12);
    assert.equal(ageOn('2012-02-29', '2025-02-28'), 12);
    assert.equal(ageOn('2012-02-29', '2025-03-01'), 13);
  });
});

describe('validation: organisation numbers, postal codes, e-mail, phone, names and addresses', () => {
  it('organisation numbers: mod 11 with weights 3 2 7 6 5 4 3 2', () => {
    assert.equal(isOrganisationNumber('974760673'), true);
    assert.equal(isOrganisationNumber('974760674'), false);
    assert.equal(isOrganisationNumber('97476067'), false);
  });

  it('postal codes are four digits', () => {
    assert.equal(requirePostalCode('postalCode', '0150'), '0150');
    for (const bad of ['150', '01500', 'O150', '0000'])
      assert.match(
        refusal('postalCode', () => requirePostalCode('postalCode', bad)),
        /four digits/,
      );
  });

  it('e-mail addresses', () => {
    assert.equal(requireEmail('email', 'kari.nordmann@example.no'), 'kari.nordmann@example.no');
    assert.equal(requireEmail('email', 'åse@ødegård.no'), 'åse@ødegård.no');
    for (const bad of ['kari', 'kari@', 'kari@localhost', 'ka ri@example.no', `${'a'.repeat(250)}@example.no`])
      refusal('email', () => requireEmail('email', bad));
  });

  it('phone numbers: Norwegian or international, stored in E.164', () => {
    assert.equal(requirePhone('phone', '912 34 567'), '+4791234567');
    assert.equal(requirePhone('phone', '+47 912 34 567'), '+4791234567');
    assert.equal(requirePhone('phone', '+46 70 123 45 67'), '+46701234567');
    for (const bad of ['123', 'telefon', '+47 1']) refusal('phone', () => requirePhone('phone', bad));
  });

  it('names and addresses take letters of any script', () => {
    for (const name of [
      'Åse Ødegård-Nilsen',
      "O'Neill",
      'Ó Súilleabháin',
      'Nguyễn Thị Minh',
      '山田 太郎',
      'Sámi Máhtte',
      'Jr. Lærum',
    ]) {
      assert.equal(requirePersonName('name', name), name);
    }
    for (const bad of ['Kari1', '', ' ', 'Kari\nNordmann', '<script>'])
      refusal('name', () => requirePersonName('name', bad));
    for (const street of [
      'Storgata 1 B',
      'Øvre Fjordvei 9',
      'Postboks 123 Sentrum',
      'Ringveien 4, H0101',
      'Gate 3/5',
    ]) {
      assert.equal(requireAddressLine('street', street), street);
    }
    refusal('street', () => requireAddressLine('street', 'Storgata 1\u0000'));
  });
});
