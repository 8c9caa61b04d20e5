/**
 * The decision rule both examples apply, a stand-in for "look the person up in our own staff register":
 * an order whose company field mentions the partner's own name is approved, any other is rejected as
 * not affiliated.
 */
export function decide(company: string, ownName: string): 'approve' | 'reject' {
  return company.toLocaleLowerCase('nb').includes(ownName.toLocaleLowerCase('nb')) ? 'approve' : 'reject';
}

export const NOT_AFFILIATED = {
  reason: 'not_affiliated',
  message: 'Vi finner deg ikke i vårt ansattregister. Ta kontakt med din leder.',
} as const;
