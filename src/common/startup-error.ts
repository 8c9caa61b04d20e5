import { inspect } from 'node:util';

/**
 * A reason the process cannot start, worded for the person who started it: what is wrong and what to do.
 * `describeStartupFailure` turns it (or anything else thrown while starting) into that one line.
 */
export class StartupError extends Error {}

/** What a connection error's code means, for "cannot reach the database". */
export const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there',
  ENOTFOUND: 'the host name is unknown',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  '28P01': 'the password was refused',
  '3D000': 'the database does not exist',
};

/** One line, never a stack trace: StartupError's message, or the best reading of an unexpected error. */
export function describeStartupFailure(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'EADDRINUSE') return `${(error as Error).message}: set PORT to a free port or stop the process using it`;
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'string'
        ? error
        : error === undefined || error === null
          ? 'unknown error'
          : inspect(error, { breakLength: Infinity }); // an object thrown: its fields, not "[object Object]"

  return (message || (error as Error)?.name || 'unknown error').split('\n')[0];
}
