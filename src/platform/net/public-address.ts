import dns from 'node:dns';
import net from 'node:net';

/**
 * Outbound requests the hub makes on its own (link checks, feed refreshes) must never reach the hub's own machine
 * or private networks (SSRF). `publicOnlyLookup` is a `lookup` for node:http/https/net: it resolves the name,
 * refuses when ANY address is not public, and hands the socket the address it checked, so a name cannot resolve
 * to a public address for the check and a private one for the connection (DNS rebinding). A redirect is a new
 * request, so it goes through the same lookup again.
 */

const blocked = new net.BlockList();
// IPv4: "this network", private, carrier-grade NAT, loopback, link-local, IETF protocol assignments, the
// documentation and benchmarking ranges, multicast, reserved and broadcast.
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
// IPv6: unspecified, loopback, IPv4-compatible, discard, unique local, link-local, site-local (deprecated),
// multicast, documentation, ORCHID, 6to4 and Teredo (both embed IPv4 addresses we cannot vouch for).
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::', 96],
  ['100::', 64],
  ['2001::', 32],
  ['2001:10::', 28],
  ['2001:20::', 28],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d or NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const hi = Number.parseInt(hex[1], 16);
    const lo = Number.parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}

/** True for a literal IP address that is routable on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return isPublicAddress(v4);
    if (/^::ffff:/i.test(address) || /^64:ff9b::/i.test(address)) return false;
    return !blocked.check(address, 'ipv6');
  }
  return false;
}

export class NonPublicAddressError extends Error {
  readonly code = 'ENOTPUBLIC';
  constructor(readonly host: string) {
    super(`${host} resolves to a loopback, private or reserved address`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for node:http(s) request options that only ever connects to public addresses. */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
    if (error) return callback(error, '');
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => !isPublicAddress(a.address)))
      return callback(new NonPublicAddressError(hostname) as NodeJS.ErrnoException, '');
    if (options.all) return callback(null, list);
    const first = list[0] as dns.LookupAddress;
    callback(null, first.address, first.family);
  });
}

/** A URL whose host is a literal address (which skips `lookup`) is checked here, before any request. */
export function literalHostAllowed(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return net.isIP(host) === 0 || isPublicAddress(host);
}
