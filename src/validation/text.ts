import { Problem } from '../common/problem';

// C0 and C1 control characters: never part of a one-line field, and NUL cannot be stored in PostgreSQL text.
const CONTROL = /\p{Cc}/u; // U+0000-U+001F and U+007F-U+009F
// C0 control characters and DEL, except tab, line feed and carriage return: for multi-line text.
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
const LINE_BREAK_ALLOWED_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

function requireText(field: string, value: string, maxLength: number, control: RegExp, controlMessage: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw Problem.invalid(field, 'must not be empty');
  if (value.length > maxLength) throw Problem.invalid(field, `must be at most ${maxLength} characters`);
  if (!value.isWellFormed()) throw Problem.invalid(field, 'must be well-formed Unicode (no lone surrogates)');
  if (control.test(value)) throw Problem.invalid(field, controlMessage);
  return value;
}

/**
 * A one-line free-text field (company, names, street): any Unicode letters and signs, stored exactly as sent —
 * no trimming, no normalisation — so that what a person typed reads back byte for byte.
 * Length counts UTF-16 code units, as JSON Schema validators in most languages do.
 */
export function requireSingleLineText(field: string, value: string, maxLength: number): string {
  return requireText(field, value, maxLength, CONTROL, 'must be one line without control characters');
}

/** Like requireSingleLineText, but line breaks are allowed (messages to end users). */
export function requireMultiLineText(field: string, value: string, maxLength: number): string {
  return requireText(field, value, maxLength, LINE_BREAK_ALLOWED_CONTROL, 'must not contain control characters');
}

export const COMPANY_MAX_LENGTH = 200;
export const REJECTION_MESSAGE_MAX_LENGTH = 1000;
