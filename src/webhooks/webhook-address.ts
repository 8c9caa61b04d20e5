import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/** The kind of address when it is not a public internet (unicast) address, e.g. "loopback" or "private". */
function nonPublicRange(address: string): string | undefined {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

function firstNonPublic(host: string, addresses: string[]): string | undefined {
  for (const address of addresses) {
    const range = nonPublicRange(address);
    if (range) return `the host ${host} resolves to ${address}, a ${range} address`;
  }
  return undefined;
}

/**
 * Whether a webhook URL's host resolves only to public internet addresses. In production the API refuses to
 * POST to loopback, private, link-local and other non-public addresses: a partner's URL must not reach into
 * the issuer's own network (server-side request forgery). Answers early, with the reason, at registration and
 * before each attempt; the connection itself is guarded by `publicOnlyDispatcher`.
 */
export async function publicAddressProblem(url: string): Promise<string | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    return `the host ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return firstNonPublic(host, addresses);
}

/**
 * The lookup the connection itself uses: it resolves the name and fails unless every address is public, so the
 * address checked is the address connected to. Without it a name could resolve to a public address for the
 * check and to an internal one a moment later for the connection (DNS rebinding).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const problem = firstNonPublic(
      hostname,
      addresses.map((a) => a.address),
    );
    if (problem) return callback(Object.assign(new Error(problem), { code: 'ENONPUBLIC' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** An HTTP client (undici) whose connections reach public addresses only. */
export function publicOnlyDispatcher(): Agent {
  return new Agent({ connect: { lookup: publicOnlyLookup } });
}
