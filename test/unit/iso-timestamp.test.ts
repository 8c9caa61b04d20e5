import assert from 'node:assert/strict';
import { isoTimestamp, isoTimestampOrNull } from '../../src/common/iso-timestamp';

const assertSameAsV8 = (date: Date): void =>
  assert.equal(isoTimestamp(date), date.toISOString(), String(date.getTime()));

describe('isoTimestamp, the DTO mappers’ toISOString', () => {
  it('writes what toISOString writes at the edges: the years it writes itself, leap days, the epoch', () => {
    for (const ms of [
      Date.UTC(1000, 0, 1),
      Date.UTC(1000, 0, 1) - 1, // 0999: toISOString's own
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1, // +010000
      0,
      -1,
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(2000, 1, 29, 12),
      Date.UTC(2024, 1, 29),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999),
      Date.UTC(2100, 2, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      8.64e15,
      -8.64e15,
    ])
      assertSameAsV8(new Date(ms));
    assert.equal(isoTimestamp(new Date(Date.UTC(2026, 10, 28, 9, 5, 7, 3))), '2026-11-28T09:05:07.003Z');
  });

  it('agrees with toISOString on 200,000 random instants over the whole range of Date', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200_000; i++) {
      // Half from the years 1900–2100 the API meets, half from all of Date's ±275,760 years.
      const ms =
        i % 2
          ? Date.UTC(1900, 0, 1) + Math.floor(random() * (Date.UTC(2100, 0, 1) - Date.UTC(1900, 0, 1)))
          : Math.floor((random() * 2 - 1) * 8.64e15);
      assertSameAsV8(new Date(ms));
    }
  });

  it('throws as toISOString does for an invalid date; null for no date', () => {
    assert.throws(() => isoTimestamp(new Date(NaN)), RangeError);
    assert.equal(isoTimestampOrNull(null), null);
    assert.equal(isoTimestampOrNull(new Date(0)), '1970-01-01T00:00:00.000Z');
  });
});
