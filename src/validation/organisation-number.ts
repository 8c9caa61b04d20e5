/** Norwegian organisation numbers: 9 digits, the last a mod-11 check digit with weights 3 2 7 6 5 4 3 2. */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

export function organisationCheckDigit(eight: string): number | undefined {
  const sum = [...eight].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  const rest = 11 - (sum % 11);
  if (rest === 11) return 0;
  if (rest === 10) return undefined;
  return rest;
}

export function isOrganisationNumber(value: string): boolean {
  return /^\d{9}$/.test(value) && organisationCheckDigit(value.slice(0, 8)) === Number(value[8]);
}
