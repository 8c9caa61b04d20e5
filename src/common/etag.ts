import { Problem } from './problem';

/** Orders carry their version as a strong ETag: `"<version>"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Reads If-Match into the version the caller expects; undefined when absent or `*`.
 * A value we never issued can match nothing, so it is a failed precondition rather than a bad request.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) throw new Problem('precondition-failed', 'If-Match must be an ETag this API returned, e.g. "3".');
  return Number(match[1]);
}
