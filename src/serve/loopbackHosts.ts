import { isIPv4 } from 'node:net';

/** An address a server listens on that only this machine reaches: 127.0.0.0/8, ::1, or 127.x mapped in IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || (isIPv4(ipv4) && ipv4.startsWith('127.'));
}

/**
 * Whether a server on loopback answers a request with this Host header: a loopback name (localhost, a
 * name under .localhost, 127.x, [::1]) or one of `allowed`. Any other name is how a page on another site
 * reaches it, through DNS rebinding. A request without a Host header (HTTP/1.0) comes from no browser.
 */
export function isAnsweredHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (header === undefined) return true;
  const name = header.toLowerCase().replace(/:\d*$/, '');
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  return (
    bare === 'localhost' ||
    bare.endsWith('.localhost') ||
    isLoopbackAddress(bare) ||
    allowed.some((host) => host.toLowerCase() === bare)
  );
}
