/**
 * Demo data for development: two partners, their card products and API clients, end users with Norwegian
 * names and synthetic national identity numbers, and orders and cards in every status. The client ids and
 * secrets below are public and for development only.
 */
export const DEMO_CLIENTS = [
  { partner: 'nordlys', clientId: 'demo-nordlys', secret: 'nordlys-demo-secret', name: 'Nordlys EPJ integration' },
  {
    partner: 'fjordheim',
    clientId: 'demo-fjordheim',
    secret: 'fjordheim-demo-secret',
    name: 'Fjordheim HR integration',
  },
] as const;

/** The issuer's own operator client (development only): production line reports, revocation, jobs. */
export const DEMO_OPERATOR_CLIENT = {
  clientId: 'demo-operator',
  secret: 'operator-demo-secret',
  name: 'Issuer operator (demo)',
} as const;

export const DEMO_PARTNERS = [
  {
    key: 'nordlys',
    name: 'Nordlys Legesenter AS',
    organisationNumber: '91234568',
    notificationEmail: 'bestillinger@nordlys-legesenter.example.no',
    address: { street: 'Sjøgata 21', postalCode: '8006', city: 'BODØ' },
    product: {
      // Fixed ids: the spec's examples name them, so that Swagger UI's "Try it out" works on the demo data.
      id: '5f0c1a7e-2b3d-4c8e-9a1f-6d7e8f9a0b1c',
      code: 'nordlys-ansatt',
      name: 'Nordlys Legesenter – ansattkort',
      cardReaderAllowed: true,
      cardPriceOre: 39900,
      cardReaderPriceOre: 24900,
    },
  },
  {
    key: 'fjordheim',
    name: 'Fjordheim kommune',
    organisationNumber: '96412345',
    notificationEmail: 'eid@fjordheim.kommune.example.no',
    address: { street: 'Rådhusplassen 1', postalCode: '6100', city: 'VOLDA' },
    product: {
      id: '8a2d4c6e-1f3b-4d5a-8e7c-9b0a1c2d3e4f',
      code: 'fjordheim-helse',
      name: 'Fjordheim kommune – helse og omsorg',
      cardReaderAllowed: false,
      cardPriceOre: 37500,
      cardReaderPriceOre: 0,
    },
  },
] as const;

export interface DemoPerson {
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string | null;
  street: string;
  postalCode: string;
  city: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    givenName: 'Kari',
    familyName: 'Nordmann',
    birthDate: '1985-03-14',
    email: 'kari.nordmann@example.no',
    street: 'Storgata 1',
    postalCode: '8006',
    city: 'BODØ',
  },
  {
    givenName: 'Åse',
    familyName: 'Ødegård',
    birthDate: '1972-11-02',
    email: 'ase.odegard@example.no',
    street: 'Løkkeveien 7',
    postalCode: '9008',
    city: 'TROMSØ',
  },
  {
    givenName: 'Bjørn',
    familyName: 'Lærum',
    birthDate: '1990-06-21',
    email: 'bjorn.laerum@example.no',
    street: 'Kirkegata 22',
    postalCode: '7011',
    city: 'TRONDHEIM',
  },
  {
    givenName: 'Håkon',
    familyName: 'Sæther',
    birthDate: '1968-01-30',
    email: null,
    street: 'Fjellveien 3',
    postalCode: '5019',
    city: 'BERGEN',
  },
  {
    givenName: 'Siri',
    familyName: 'Løvås',
    birthDate: '1995-09-09',
    email: 'siri.lovas@example.no',
    street: 'Sjøgata 15',
    postalCode: '8006',
    city: 'BODØ',
  },
  {
    givenName: 'Ola',
    familyName: 'Nordmann',
    birthDate: '1980-12-24',
    email: 'ola.nordmann@example.no',
    street: 'Storgata 1',
    postalCode: '8006',
    city: 'BODØ',
  },
  {
    givenName: 'Ingrid',
    familyName: 'Bakken',
    birthDate: '1977-04-17',
    email: 'ingrid.bakken@example.no',
    street: 'Bakkeveien 41',
    postalCode: '6100',
    city: 'VOLDA',
  },
  {
    givenName: 'Magnus',
    familyName: 'Haugen',
    birthDate: '2001-08-05',
    email: 'magnus.haugen@example.no',
    street: 'Haugesvei 2',
    postalCode: '6100',
    city: 'VOLDA',
  },
  {
    givenName: 'Synnøve',
    familyName: 'Aasen',
    birthDate: '1963-02-28',
    email: 'synnove.aasen@example.no',
    street: 'Øvre Fjordvei 9',
    postalCode: '6150',
    city: 'ØRSTA',
  },
  {
    givenName: 'Emil',
    familyName: 'Strøm',
    birthDate: '1999-10-11',
    email: 'emil.strom@example.no',
    street: 'Elvegata 5',
    postalCode: '6150',
    city: 'ØRSTA',
  },
  {
    givenName: 'Nora',
    familyName: 'Dahl',
    birthDate: '1988-07-19',
    email: 'nora.dahl@example.no',
    street: 'Dalsveien 12',
    postalCode: '8006',
    city: 'BODØ',
  },
  {
    givenName: 'Tor',
    familyName: 'Ekeberg',
    birthDate: '1958-05-06',
    email: 'tor.ekeberg@example.no',
    street: 'Ekebergveien 100',
    postalCode: '0192',
    city: 'OSLO',
  },
];

/**
 * People in the local population registry who have no card yet: sign in as one of them at the development
 * identity provider and order on an order page. The last is 12 years old, to try the age limit.
 */
export const DEMO_REGISTRY_ONLY_PEOPLE: DemoPerson[] = [
  {
    givenName: 'Jonas',
    familyName: 'Østby',
    birthDate: '1991-02-11',
    email: null,
    street: 'Østbyveien 4',
    postalCode: '8003',
    city: 'BODØ',
  },
  {
    givenName: 'Mathilde',
    familyName: 'Brekke',
    birthDate: '1986-12-01',
    email: null,
    street: 'Brekkeveien 19',
    postalCode: '9010',
    city: 'TROMSØ',
  },
  {
    givenName: 'Aksel',
    familyName: 'Fjærli',
    birthDate: '1979-07-23',
    email: null,
    street: 'Fjærliveien 8',
    postalCode: '6100',
    city: 'VOLDA',
  },
  {
    givenName: 'Sofie',
    familyName: 'Lunde-Å',
    birthDate: '2003-05-30',
    email: null,
    street: 'Åsveien 2',
    postalCode: '6150',
    city: 'ØRSTA',
  },
  {
    givenName: 'Oskar',
    familyName: 'Rønning',
    birthDate: '1966-10-10',
    email: null,
    street: 'Rønningsvegen 77',
    postalCode: '7020',
    city: 'TRONDHEIM',
  },
  {
    givenName: 'Ella',
    familyName: 'Våge',
    birthDate: '2014-09-01',
    email: null,
    street: 'Vågeveien 3',
    postalCode: '5003',
    city: 'BERGEN',
  },
];

type CardOutcome = 'in_production' | 'shipped' | 'active' | 'expired' | 'revoked';

/** One demo order: who, on which partner, what became of it. `daysAgo` is its order date. */
export interface DemoOrder {
  person: number;
  partner: 'nordlys' | 'fjordheim';
  kind: 'new' | 'additional' | 'renewal';
  daysAgo: number;
  company: string;
  cardReader?: boolean;
  /** Deliver elsewhere than the registered address. */
  deliverTo?: { street: string; postalCode: string; city: string };
  outcome: 'pending' | 'rejected' | CardOutcome;
  /** For a renewal: the demo order whose card it renews. */
  renews?: number;
}

/**
 * A card issued before self-service ordering: it has no order in this system. Its fixed id is the spec's example of
 * a renewal on My Page (Bjørn Lærum's card, due for renewal).
 */
export const DEMO_LEGACY_CARDS = [
  {
    id: 'c4e1b2a3-7d6f-4e8a-9b5c-0d1e2f3a4b5c',
    person: 2,
    partner: 'nordlys' as const,
    issuedDaysAgo: 1060,
    expiresInDays: 35,
  },
];

export const DEMO_ORDERS: DemoOrder[] = [
  // 0–9: Nordlys Legesenter
  {
    person: 0,
    partner: 'nordlys',
    kind: 'new',
    daysAgo: 1,
    company: 'Nordlys Legesenter Bodø',
    cardReader: true,
    deliverTo: { street: 'Prinsens gate 100', postalCode: '8005', city: 'BODØ' },
    outcome: 'pending',
  },
  {
    person: 1,
    partner: 'nordlys',
    kind: 'new',
    daysAgo: 2,
    company: 'nordlys legesenter tromsø avd. Ærøy',
    outcome: 'pending',
  },
  {
    person: 2,
    partner: 'nordlys',
    kind: 'new',
    daysAgo: 40,
    company: 'Nordlys Legesenter – Trondheim',
    outcome: 'in_production',
  },
  {
    person: 3,
    partner: 'nordlys',
    kind: 'new',
    daysAgo: 60,
    company: 'Nordlys Bergen',
    deliverTo: { street: 'Postboks 123 Sentrum', postalCode: '5804', city: 'BERGEN' },
    outcome: 'shipped',
  },
  { person: 4, partner: 'nordlys', kind: 'new', daysAgo: 1030, company: 'Nordlys Legesenter Bodø', outcome: 'active' },
  { person: 5, partner: 'nordlys', kind: 'new', daysAgo: 1200, company: 'Nordlys Legesenter Bodø', outcome: 'expired' },
  { person: 10, partner: 'nordlys', kind: 'new', daysAgo: 300, company: 'Nordlys Legesenter Bodø', outcome: 'revoked' },
  {
    person: 10,
    partner: 'nordlys',
    kind: 'additional',
    daysAgo: 3,
    company: 'Nordlys Legesenter Bodø',
    outcome: 'pending',
  },
  {
    person: 4,
    partner: 'nordlys',
    kind: 'renewal',
    daysAgo: 4,
    company: 'Nordlys Legesenter Bodø',
    outcome: 'pending',
    renews: 4,
  },
  { person: 11, partner: 'nordlys', kind: 'new', daysAgo: 10, company: 'Ukjent firma', outcome: 'rejected' },
  // 10–15: Fjordheim kommune
  { person: 6, partner: 'fjordheim', kind: 'new', daysAgo: 1, company: 'Fjordheim kommune, helse', outcome: 'pending' },
  {
    person: 7,
    partner: 'fjordheim',
    kind: 'new',
    daysAgo: 5,
    company: 'Fjordheim sjukeheim',
    deliverTo: { street: 'Sjukeheimsvegen 4', postalCode: '6100', city: 'VOLDA' },
    outcome: 'pending',
  },
  {
    person: 8,
    partner: 'fjordheim',
    kind: 'new',
    daysAgo: 900,
    company: 'Fjordheim kommune, legevakt',
    outcome: 'active',
  },
  { person: 9, partner: 'fjordheim', kind: 'new', daysAgo: 20, company: 'Fjordheim kommune', outcome: 'in_production' },
  {
    person: 8,
    partner: 'fjordheim',
    kind: 'additional',
    daysAgo: 30,
    company: 'Fjordheim kommune, legevakt',
    outcome: 'shipped',
  },
  { person: 11, partner: 'fjordheim', kind: 'new', daysAgo: 6, company: 'Fjordheim?', outcome: 'rejected' },
];
