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

  it('agrees with toISOString on 100,000 random instants of the years it writes', () => {
    // Park–Miller: exact in doubles (a product below 2^53), a period of 2^31 − 2.
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const within = (from: number, to: number) => from + Math.floor(random() * (to - from));
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      // Half from the years 1900–2100 that the API meets, half from all of 1000–9999.
      const ms =
        i % 2
          ? within(Date.UTC(1900, 0, 1), Date.UTC(2100, 0, 1))
          : within(Date.UTC(1000, 0, 1), Date.UTC(10000, 0, 1));
      seen.add(ms);
      assertSameAsV8(new Date(ms));
    }
    assert.ok(seen.size > 99_000, `${seen.size} distinct instants`);
  });

  it('throws as toISOString does for an invalid date; null for no date', () => {
    assert.throws(() => isoTimestamp(new Date(NaN)), RangeError);
    assert.equal(isoTimestampOrNull(null), null);
    assert.equal(isoTimestampOrNull(new Date(0)), '1970-01-01T00:00:00.000Z');
  });
});
