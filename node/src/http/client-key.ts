import { parseAddress } from '@arx/protocol';

/**
 * The client a connection counts against (SMTP limits, websocket penalties): its IPv4
 * address, or the /64 of its IPv6 address (one subscriber usually holds a whole /64, so
 * counting single IPv6 addresses would let one client open a connection per address).
 */
export function clientKey(remoteAddress: string): string {
  let ip: Uint8Array;
  try {
    ip = parseAddress(remoteAddress);
  } catch {
    return remoteAddress;
  }
  if (ip.length === 4) return ip.join('.');
  return `${Buffer.from(ip.subarray(0, 8)).toString('hex')}::/64`;
}
