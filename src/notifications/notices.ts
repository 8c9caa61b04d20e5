/**
 * The issuer's e-mail notices, in Norwegian (bokmål). Each function returns the subject and the text; the
 * outbox stores them as they were when the change happened, so a later edit here never changes a sent notice.
 */

export interface NoticeText {
  subject: string;
  text: string;
}

export interface OrderFacts {
  orderNumber: string;
  kind: 'new' | 'additional' | 'renewal';
  givenName: string;
  familyName: string;
  partnerName: string;
  cardProductName: string;
  company: string;
  cardReader: boolean;
  delivery: { name: string; street: string; postalCode: string; city: string };
}

const KIND_TEXT: Record<OrderFacts['kind'], string> = {
  new: 'Buypass ID på smartkort',
  additional: 'tilleggskort (Buypass ID på smartkort)',
  renewal: 'fornyelse av Buypass ID på smartkort',
};

/** The Norwegian text of each rejection reason code, as the end user reads it. */
export const REJECTION_REASON_TEXT: Record<string, string> = {
  moved_to_other_partner:
    'Du er ikke lenger tilknyttet denne partneren. Har du flyttet eller byttet arbeidsgiver, bestiller du som ny kunde hos din nye partner.',
  not_affiliated: 'Partneren finner deg ikke blant sine ansatte eller kunder.',
  duplicate_order: 'Du har allerede en bestilling av samme kort.',
  incorrect_information: 'Opplysningene i bestillingen er ikke riktige.',
  other: 'Partneren har avvist bestillingen.',
};

const NORWEGIAN_DATE = new Intl.DateTimeFormat('nb-NO', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** 2029-01-27 → "27. januar 2029". */
export function norwegianDate(date: string): string {
  return NORWEGIAN_DATE.format(new Date(`${date}T00:00:00Z`));
}

function orderLines(order: OrderFacts): string {
  return [
    `Bestillingsnummer: ${order.orderNumber}`,
    `Bestilling: ${KIND_TEXT[order.kind]}`,
    `Kortprodukt: ${order.cardProductName} (${order.partnerName})`,
    `Bedrift: ${order.company}`,
    `Kortleser: ${order.cardReader ? 'ja' : 'nei'}`,
    '',
    'Kortet sendes i posten til:',
    order.delivery.name,
    order.delivery.street,
    `${order.delivery.postalCode} ${order.delivery.city}`,
  ].join('\n');
}

export function orderConfirmation(order: OrderFacts): NoticeText {
  return {
    subject: `Bestillingsbekreftelse ${order.orderNumber}`,
    text: [
      `Hei ${order.givenName},`,
      '',
      `vi har mottatt bestillingen din av ${KIND_TEXT[order.kind]}.`,
      '',
      orderLines(order),
      '',
      `${order.partnerName} må godkjenne bestillingen før kortet produseres. Blir bestillingen avvist, får du e-post om det med begrunnelsen.`,
      '',
      'Med vennlig hilsen',
      'Buypass',
    ].join('\n'),
  };
}

export function partnerOrderCopy(order: OrderFacts): NoticeText {
  return {
    subject: `Kopi av bestillingsbekreftelse ${order.orderNumber} – ${order.givenName} ${order.familyName}`,
    text: [
      `${order.givenName} ${order.familyName} har bestilt ${KIND_TEXT[order.kind]} på kortproduktet deres.`,
      '',
      orderLines(order),
      '',
      'Bestillingen venter på at dere godkjenner eller avviser den. Feltet «Bedrift» kan rettes før godkjenning.',
      '',
      'Dette er en kopi av bestillingsbekreftelsen sluttbrukeren fikk.',
    ].join('\n'),
  };
}

export function rejectionNotice(order: OrderFacts, reason: string, message: string): NoticeText {
  return {
    subject: `Bestillingen din ${order.orderNumber} er avvist`,
    text: [
      `Hei ${order.givenName},`,
      '',
      `${order.partnerName} har avvist bestillingen din ${order.orderNumber} av ${KIND_TEXT[order.kind]}.`,
      '',
      `Begrunnelse: ${REJECTION_REASON_TEXT[reason] ?? REJECTION_REASON_TEXT.other}`,
      `Melding fra ${order.partnerName}: ${message}`,
      '',
      'Med vennlig hilsen',
      'Buypass',
    ].join('\n'),
  };
}

export interface ExpiringCardFacts {
  givenName: string;
  serialNumber: string;
  expiresOn: string;
  partnerName: string;
  cardProductName: string;
}

export function expiryNotice(card: ExpiringCardFacts): NoticeText {
  return {
    subject: `Buypass ID-en din utløper ${norwegianDate(card.expiresOn)}`,
    text: [
      `Hei ${card.givenName},`,
      '',
      `smartkortet ditt ${card.serialNumber} (${card.cardProductName}, ${card.partnerName}) utløper ${norwegianDate(card.expiresOn)}.`,
      '',
      'Du kan bestille fornyelse på Min side nå. Partneren din godkjenner bestillingen før det nye kortet produseres.',
      'Utløper kortet uten at det er fornyet, må du bestille som ny kunde.',
      '',
      'Med vennlig hilsen',
      'Buypass',
    ].join('\n'),
  };
}
