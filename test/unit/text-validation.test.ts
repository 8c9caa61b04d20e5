import assert from 'node:assert/strict';
import { requireAddressLine, requirePersonName, requirePostalCode } from '../../src/validation/contact';
import {
  COMPANY_MAX_LENGTH,
  REJECTION_MESSAGE_MAX_LENGTH,
  requireMultiLineText,
  requireSingleLineText,
} from '../../src/validation/text';
import { outcomeOf } from './refusal';

describe('unit: free text (the company field, a rejection message)', () => {
  // text, one line (company), several lines (message)
  const table: [string, string, string, string][] = [
    ['Norwegian letters', 'Ærlige Øyvind & Åse AS', 'ok', 'ok'],
    ['Sámi and an emoji', 'Ŋuorggáš Sámi 🚑', 'ok', 'ok'],
    ['CJK', '株式会社 ほげ', 'ok', 'ok'],
    ['leading and trailing spaces', '  Åse  ', 'ok', 'ok'],
    ['empty', '', 'refused', 'refused'],
    ['only spaces', '   ', 'refused', 'refused'],
    ['a line break', 'one\ntwo', 'refused', 'ok'],
    ['CR LF', 'one\r\ntwo', 'refused', 'ok'],
    ['a tab', 'one\ttwo', 'refused', 'ok'],
    ['NUL', 'one\u0000two', 'refused', 'refused'],
    ['a bell', 'ding\u0007', 'refused', 'refused'],
    ['a C1 control', 'x\u0085y', 'refused', 'ok'],
    ['DEL', 'x\u007fy', 'refused', 'refused'],
    ['a lone surrogate', 'x\ud800y', 'refused', 'refused'],
  ];
  for (const [name, text, oneLine, multiLine] of table) {
    it(`${name}: one line ${oneLine}, several lines ${multiLine}`, () => {
      const verdict = (rule: () => unknown) => (outcomeOf(rule) === 'ok' ? 'ok' : 'refused');
      assert.equal(
        verdict(() => requireSingleLineText('company', text, COMPANY_MAX_LENGTH)),
        oneLine,
      );
      assert.equal(
        verdict(() => requireMultiLineText('message', text, REJECTION_MESSAGE_MAX_LENGTH)),
        multiLine,
      );
    });
  }

  describe('length in UTF-16 code units, at the limit and one past it', () => {
    const table: [string, number, string][] = [
      ['x'.repeat(200), 200, 'ok'],
      ['x'.repeat(201), 200, 'validation-failed company'],
      ['🚑'.repeat(100), 200, 'ok'],
      ['🚑'.repeat(100) + 'x', 200, 'validation-failed company'],
    ];
    for (const [text, max, expected] of table) {
      it(`${text.length} code units, at most ${max}: ${expected}`, () => {
        assert.equal(
          outcomeOf(() => requireSingleLineText('company', text, max)),
          expected,
        );
      });
    }
  });

  it('names the field and keeps the text exactly as sent', () => {
    assert.equal(
      outcomeOf(() => requireSingleLineText('delivery.name', '', 10)),
      'validation-failed delivery.name',
    );
    assert.equal(requireSingleLineText('company', '  Åse  ', 10), '  Åse  ');
  });
});

describe('unit: names, address lines and postal codes', () => {
  const table: [string, () => unknown, string][] = [
    ['name Åse Ødegård-Nilsen', () => requirePersonName('n', 'Åse Ødegård-Nilsen'), 'ok'],
    ["name O'Neill", () => requirePersonName('n', "O'Neill"), 'ok'],
    ['name 山田 太郎', () => requirePersonName('n', '山田 太郎'), 'ok'],
    ['name with a digit', () => requirePersonName('n', 'Kari 2'), 'validation-failed n'],
    ['name empty', () => requirePersonName('n', ''), 'validation-failed n'],
    ['address Storgata 1 B', () => requireAddressLine('a', 'Storgata 1 B'), 'ok'],
    ['address H0101, Tromsø', () => requireAddressLine('a', 'Sykehusveien 12, H0101'), 'ok'],
    ['address with a line break', () => requireAddressLine('a', 'Storgata\n1'), 'validation-failed a'],
    ['address starting with a hyphen', () => requireAddressLine('a', '-Storgata'), 'validation-failed a'],
    ['city of 100', () => requireAddressLine('c', 'x'.repeat(100), 100), 'ok'],
    ['city of 101', () => requireAddressLine('c', 'x'.repeat(101), 100), 'validation-failed c'],
    ['postal code 0150', () => requirePostalCode('p', '0150'), 'ok'],
    ['postal code 9991', () => requirePostalCode('p', '9991'), 'ok'],
    ['postal code 0000', () => requirePostalCode('p', '0000'), 'validation-failed p'],
    ['postal code 015', () => requirePostalCode('p', '015'), 'validation-failed p'],
    ['postal code 01500', () => requirePostalCode('p', '01500'), 'validation-failed p'],
    ['postal code with a letter', () => requirePostalCode('p', '01a0'), 'validation-failed p'],
  ];
  for (const [name, rule, expected] of table) {
    it(`${name}: ${expected}`, () => assert.equal(outcomeOf(rule), expected));
  }
});
