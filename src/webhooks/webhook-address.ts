import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Whether a webhook URL's host resolves only to public internet addresses. In production the API refuses to
 * POST to loopback, private, link-local and other non-public addresses: a partner's URL must not reach into
 * the issuer's own network (server-side request forgery).
 */
export async function publicAddressProblem(url: string): Promise<string | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    return `the host ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  for (const address of addresses) {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    const range = parsed.range();
    if (range !== 'unicast') return `the host ${host} resolves to ${address}, a ${range} address`;
  }
  return undefined;
}
