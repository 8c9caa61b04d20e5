import assert from 'node:assert/strict';
import { types } from 'pg';
import { parseTimestamptz, poolTypes } from '../../src/db/timestamptz';

const pgParse = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;

/** The same value as pg's own parser, for a text PostgreSQL may send. */
function assertSameAsPg(text: string): void {
  const ours = parseTimestamptz(text);
  const theirs = pgParse(text);
  assert.equal(
    ours instanceof Date ? ours.getTime() : ours,
    theirs instanceof Date ? theirs.getTime() : theirs,
    `${text}: ${String(ours)} against pg's ${String(theirs)}`,
  );
}

describe('the timestamptz parser of the API pool', () => {
  it('reads the common forms as pg does: fractions of 0 to 6 digits, offsets of hours and of minutes', () => {
    for (const text of [
      '2026-11-28 06:40:12+00',
      '2026-11-28 06:40:12.1+00',
      '2026-11-28 06:40:12.12+00',
      '2026-11-28 06:40:12.123+00',
      '2026-11-28 06:40:12.123456+00',
      '2026-11-28 06:40:12.999999+00',
      '2026-03-29 02:30:00.5+01',
      '2026-10-25 02:59:59.000001+02',
      '2024-02-29 23:59:59.9995-03',
      '1999-12-31 23:59:59+05:30',
      '2000-01-01 00:00:00-09:30',
      '1000-01-01 00:00:00+00',
      '9999-12-31 23:59:59.999999+14',
    ])
      assertSameAsPg(text);
  });

  it('leaves the rare forms to pg: BC, infinity, offsets in seconds, long years, years below 1000', () => {
    for (const text of [
      '0044-03-15 12:00:00+00 BC',
      '1044-03-15 12:00:00.5+00 BC',
      'infinity',
      '-infinity',
      '1890-01-01 00:00:00+00:43:00',
      '12026-11-28 06:40:12+00',
      '0099-01-01 00:00:00+00',
      '2026-11-28 06:40:12.+00',
    ])
      assertSameAsPg(text);
  });

  it('agrees with pg on 20,000 random instants in five offsets', () => {
    // Park–Miller: exact in doubles (a product below 2^53), a period of 2^31 − 2.
    let seed = 42;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    for (let i = 0; i < 20_000; i++) {
      const date = new Date(
        Date.UTC(1000, 0, 1) + Math.floor(random() * (Date.UTC(9999, 0, 1) - Date.UTC(1000, 0, 1))),
      );
      const micros = Math.floor(random() * 1_000_000);
      const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`.replace(/0+$/, '');
      const offset = ['+00', '+01', '-05', '+05:30', '-09:30'][i % 5];
      const text = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction}${offset}`;
      assertSameAsPg(text);
    }
  });

  it("is the pool's parser for timestamptz, and only for it", () => {
    const overrides = poolTypes();
    assert.equal(overrides.getTypeParser(types.builtins.TIMESTAMPTZ, 'text'), parseTimestamptz);
    assert.equal(
      overrides.getTypeParser(types.builtins.TIMESTAMP, 'text'),
      types.getTypeParser(types.builtins.TIMESTAMP, 'text'),
    );
  });
});
