import { Problem } from '../../src/common/problem';

/** What a rule answered: 'ok', or the Problem's code with the field it names (if any). Anything else is rethrown. */
export function outcomeOf(rule: () => unknown): string {
  try {
    rule();
    return 'ok';
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    const field = error.errors?.[0]?.field;
    return field ? `${error.code} ${field}` : error.code;
  }
}
