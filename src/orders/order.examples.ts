import type { OrderDetail, OrderPage } from './order.dto';

/** Examples shown in the OpenAPI spec and Swagger UI; literal objects, as tsoa reads them from the source. */
export const exampleOrderPage: OrderPage = {
  data: [
    {
      id: '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11',
      orderNumber: 'PW-00001002',
      kind: 'new',
      status: 'pending',
      orderedAt: '2026-11-20T09:14:03.120Z',
      company: 'Legesenteret Bodø – Ærlige Øyvind & Åse',
      cardReader: true,
      cardProduct: { id: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b', name: 'Nordlys Legesenter – ansattkort' },
      endUser: { id: '0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4', name: 'Kari Nordmann' },
    },
  ],
  nextCursor: null,
};

export const exampleOrderDetail: OrderDetail = {
  id: '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11',
  orderNumber: 'PW-00001002',
  kind: 'new',
  status: 'pending',
  orderedAt: '2026-11-20T09:14:03.120Z',
  company: 'Legesenteret Bodø – Ærlige Øyvind & Åse',
  cardReader: true,
  cardProduct: { id: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b', name: 'Nordlys Legesenter – ansattkort' },
  endUser: { id: '0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4', name: 'Kari Nordmann' },
  deliveryAddress: {
    choice: 'other',
    name: 'Kari Nordmann',
    street: 'Sykehusveien 12',
    postalCode: '9019',
    city: 'TROMSØ',
  },
  registeredAddress: { street: 'Storgata 1', postalCode: '8006', city: 'BODØ' },
  endUserDetails: {
    id: '0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4',
    givenName: 'Kari',
    familyName: 'Nordmann',
    nationalId: '018185*****',
    birthDate: '1985-01-01',
    email: 'kari.nordmann@example.no',
    phone: '+4791234567',
  },
  renewsCardId: null,
  decidedAt: null,
  version: 1,
  history: [{ at: '2026-11-20T09:14:03.120Z', action: 'placed', by: 'end-user', changes: { kind: 'new' } }],
};
