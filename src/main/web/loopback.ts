import { BlockList, isIP } from 'node:net';

// 127.0.0.0/8 and ::1; BlockList also matches IPv4-mapped IPv6 forms such as ::ffff:127.0.0.1.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a host (an address, `[v6]`, or the name `localhost`) is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return LOOPBACK.check(bare, 'ipv4');
  if (family === 6) return LOOPBACK.check(bare, 'ipv6');
  return false;
}

/** Whether a bind address listens on every interface (then browsers reach it by names we cannot know). */
export function isWildcardHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const family = isIP(bare);
  if (family === 4) return bare === '0.0.0.0';
  return family === 6 && /^[0:]+$/.test(bare);
}
