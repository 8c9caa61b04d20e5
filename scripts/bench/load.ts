import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashClientSecret } from '../../src/auth/client-secret';
import { PARTNER_SCOPES } from '../../src/auth/scopes';

const GIVEN = [
  'Kari',
  'Ola',
  'Åse',
  'Bjørn',
  'Håkon',
  'Siri',
  'Ingrid',
  'Magnus',
  'Synnøve',
  'Emil',
  'Nora',
  'Tor',
  'Øystein',
  'Ærle',
  'Jonas',
  'Mathilde',
];
const FAMILY = [
  'Nordmann',
  'Ødegård',
  'Lærum',
  'Sæther',
  'Løvås',
  'Bakken',
  'Haugen',
  'Aasen',
  'Strøm',
  'Dahl',
  'Ekeberg',
  'Østby',
  'Brekke',
  'Fjærli',
  'Rønning',
  'Våge',
];
const COMPANIES = [
  'Legesenter Bodø',
  'Sykehuset avd. Ærøy',
  'Kommune helse og omsorg',
  'Tannklinikk Øst',
  'Legevakt',
  'Hjemmetjenesten',
];

export interface BenchData {
  largestPartnerId: string;
  clientId: string;
  secret: string;
  orders: number;
  partners: number;
}

/** One CSV field: quoted, with quotes doubled. */
const csv = (value: string | number | boolean | null): string =>
  value === null ? '' : `"${String(value).replaceAll('"', '""')}"`;

async function copy(client: Client, sql: string, rows: Iterable<(string | number | boolean | null)[]>): Promise<void> {
  function* lines() {
    let batch = '';
    let n = 0;
    for (const row of rows) {
      batch += `${row.map(csv).join(',')}\n`;
      if (++n % 5000 === 0) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(`${sql} FROM STDIN WITH (FORMAT csv)`)));
}

/**
 * The benchmark's data set, loaded with COPY: `partners` partners with a card product each, `orders` orders
 * (the largest partner has `largest` of them), one end user per order, a card for every approved order.
 * Statuses: 60 % approved, 25 % pending, 15 % rejected; a tenth are additional cards; order dates spread over three years.
 */
export async function loadBenchData(
  url: string,
  sizes: { partners: number; orders: number; largest: number },
): Promise<BenchData> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const partnerIds = Array.from({ length: sizes.partners }, () => randomUUID());
    const productIds = Array.from({ length: sizes.partners }, () => randomUUID());
    await copy(
      client,
      'COPY partner (id, name, organisation_number)',
      partnerIds.map((id, i) => [id, `Partner ${i} – ${COMPANIES[i % COMPANIES.length]}`, String(100000000 + i)]),
    );
    await copy(
      client,
      'COPY card_product (id, partner_id, code, name, card_price_ore, card_reader_price_ore)',
      productIds.map((id, i) => [id, partnerIds[i], `bench-${i}`, `Kortprodukt ${i}`, 39900, 24900]),
    );
    const clientId = 'bench-largest';
    const secret = 'bench-largest-secret';
    await client.query(
      `INSERT INTO api_client (partner_id, client_id, secret_hash, name, scopes) VALUES ($1, $2, $3, 'bench', $4)`,
      [partnerIds[0], clientId, await hashClientSecret(secret), Object.keys(PARTNER_SCOPES)],
    );

    const now = Date.now();
    const threeYears = 3 * 365 * 86_400_000;
    // Partner of order i: the first `largest` go to partner 0, the rest round-robin over the others.
    const partnerOf = (i: number) => (i < sizes.largest ? 0 : 1 + ((i - sizes.largest) % (sizes.partners - 1)));
    const userIds: string[] = [];
    const orderIds: string[] = [];
    await copy(
      client,
      'COPY end_user (id, national_id, given_name, family_name, birth_date, email, registered_street, registered_postal_code, registered_city, created_at)',
      (function* () {
        for (let i = 0; i < sizes.orders; i++) {
          const id = randomUUID();
          userIds.push(id);
          const created = new Date(now - (i * threeYears) / sizes.orders).toISOString();
          yield [
            id,
            String(10000000000 + i),
            GIVEN[i % GIVEN.length],
            `${FAMILY[(i * 7) % FAMILY.length]}`,
            '1980-01-01',
            `person${i}@example.no`,
            `Storgata ${i % 200}`,
            '0150',
            'OSLO',
            created,
          ];
        }
      })(),
    );
    const status = (i: number) => (i % 20 < 12 ? 'approved' : i % 20 < 17 ? 'pending' : 'rejected');
    await copy(
      client,
      `COPY card_order (id, partner_id, card_product_id, end_user_id, kind, status, company, card_reader, delivery_choice, delivery_name,
                        delivery_street, delivery_postal_code, delivery_city, registered_street, registered_postal_code, registered_city,
                        decided_at, rejection_reason, rejection_message, version, created_at, updated_at)`,
      (function* () {
        for (let i = 0; i < sizes.orders; i++) {
          const id = randomUUID();
          orderIds.push(id);
          const p = partnerOf(i);
          // Newest first for each partner: order i is i steps back in time.
          const created = new Date(now - (i * threeYears) / sizes.orders);
          const s = status(i);
          yield [
            id,
            partnerIds[p],
            productIds[p],
            userIds[i],
            i % 10 === 0 ? 'additional' : 'new',
            s,
            `${COMPANIES[i % COMPANIES.length]} ${i % 97}`,
            i % 10 !== 0 && i % 4 === 0,
            'registered',
            `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}`,
            `Storgata ${i % 200}`,
            '0150',
            'OSLO',
            `Storgata ${i % 200}`,
            '0150',
            'OSLO',
            s === 'pending' ? null : new Date(created.getTime() + 86_400_000).toISOString(),
            s === 'rejected' ? 'not_affiliated' : null,
            s === 'rejected' ? 'Ukjent i vårt register' : null,
            2,
            created.toISOString(),
            created.toISOString(),
          ];
        }
      })(),
    );
    await copy(
      client,
      'COPY card (end_user_id, card_product_id, partner_id, order_id, status, expires_on, issued_at, created_at)',
      (function* () {
        for (let i = 0; i < sizes.orders; i++) {
          if (status(i) !== 'approved') continue;
          const p = partnerOf(i);
          const created = new Date(now - (i * threeYears) / sizes.orders + 86_400_000);
          const expires = new Date(created.getTime() + threeYears).toISOString().slice(0, 10);
          yield [
            userIds[i],
            productIds[p],
            partnerIds[p],
            orderIds[i],
            created.getTime() + threeYears < now ? 'expired' : 'active',
            expires,
            created.toISOString(),
            created.toISOString(),
          ];
        }
      })(),
    );
    // Vacuumed as well as analysed: otherwise autovacuum visits the new rows during the first measured rounds.
    await client.query('VACUUM (ANALYZE)');
    return { largestPartnerId: partnerIds[0], clientId, secret, orders: sizes.orders, partners: sizes.partners };
  } finally {
    await client.end();
  }
}
