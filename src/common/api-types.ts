/**
 * A UUID, as every id in this API.
 * @pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$
 * @format uuid
 * @maxLength 36
 * @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11"
 */
export type Uuid = string;

/**
 * How many items a page holds, 1 to 100 (default 25).
 * @isInt
 * @minimum 1
 * @maximum 100
 * @example 25
 */
export type PageSize = number;

/**
 * A calendar date, read in Europe/Oslo.
 * @pattern ^\d{4}-\d{2}-\d{2}$
 * @format date
 * @maxLength 10
 * @example "2026-11-01"
 */
export type CalendarDate = string;

/**
 * An instant, ISO 8601 with a time zone (UTC `Z` or an offset).
 * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$
 * @format date-time
 * @maxLength 35
 * @example "2026-11-20T09:00:00Z"
 */
export type Timestamp = string;

/**
 * The opaque cursor from a page's `nextCursor`.
 * @maxLength 200
 * @pattern ^[A-Za-z0-9_-]+$
 * @example "WyIyMDI2LTExLTIwVDA5OjE0OjAzLjEyMFoiLCIzYjBhN2Q1ZSJd"
 */
export type Cursor = string;

/**
 * The end user's fødselsnummer or D-nummer, masked: the six birth-date digits (DDMMYY) shown, the five
 * personal digits hidden. Partners are spared the whole number, which identifies the person everywhere else;
 * to find a person whose number you know, search the end-user list with the whole number (`q`).
 * @pattern ^\d{6}\*{5}$
 * @minLength 11
 * @maxLength 11
 * @example "141285*****"
 */
export type MaskedNationalId = string;

/**
 * Free-text search.
 * @minLength 1
 * @maxLength 100
 * @example "Nordmann"
 */
export type SearchText = string;

/**
 * Idempotency-Key: a unique value per intended change (a UUID is best); a retry with the same key and body
 * replays the first answer.
 * @minLength 8
 * @maxLength 255
 * @example "b2b0f0c2-0a5c-4c3a-9a77-2f6f8f5b5b10"
 */
export type IdempotencyKey = string;

/**
 * If-Match: the `ETag` of the order as you last read it; the change is refused with 412 if the order changed since.
 * @maxLength 100
 * @example "\"1\""
 */
export type IfMatch = string;

/**
 * A card product's public code, as in its order page's address.
 * @maxLength 100
 * @pattern ^[a-z0-9-]+$
 * @example "nordlys-ansatt"
 */
export type CardProductCode = string;

/**
 * Rows per page of a report, 1 to 1000; 100 when absent. The CSV and NDJSON exports are never paged.
 * @isInt
 * @minimum 1
 * @maximum 1000
 * @example 100
 */
export type ReportPageSize = number;

/**
 * A number of days ahead, 1 to 730.
 * @isInt
 * @minimum 1
 * @maximum 730
 * @example 60
 */
export type DaysAhead = number;

/**
 * A calendar month, YYYY-MM.
 * @pattern ^[0-9]{4}-(0[1-9]|1[0-2])$
 * @maxLength 7
 * @example "2026-10"
 */
export type YearMonth = string;
