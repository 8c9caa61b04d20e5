import type { NoticeText } from '../notifications/notices';

export interface DigestOrder {
  orderNumber: string;
  endUserName: string;
  company: string;
  orderedOn: string;
  workingDaysPending: number;
}

/** The daily reminder to a partner's notification mailbox (Norwegian, like every notice): the orders still waiting. */
export function reminderDigest(partnerName: string, date: string, orders: readonly DigestOrder[]): NoticeText {
  const lines = orders.map(
    (o) =>
      `- ${o.orderNumber}  ${o.endUserName} (${o.company}), bestilt ${o.orderedOn}, venter ${o.workingDaysPending} arbeidsdager`,
  );
  return {
    subject: `${orders.length} bestilling${orders.length === 1 ? '' : 'er'} venter på godkjenning (${date})`,
    text: [
      `Hei ${partnerName},`,
      '',
      `Disse bestillingene har ventet på godkjenning lenger enn fristen dere har satt:`,
      '',
      ...lines,
      '',
      'Godkjenn eller avvis dem i API-et (GET /v1/orders?status=pending), så sluttbrukerne ikke venter unødig.',
      '',
      'Hilsen Partnerweb',
    ].join('\n'),
  };
}
